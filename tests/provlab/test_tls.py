import stat

from cryptography import x509

from provlab.tls import ensure_self_signed


def test_certificate_is_generated_once_and_reused(tmp_path):
    first = ensure_self_signed(tmp_path, ["scimhost"])
    cert = x509.load_pem_x509_certificate(first.cert_path.read_bytes())
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert {"scimhost", "localhost"} <= set(san.get_values_for_type(x509.DNSName))
    assert [str(ip) for ip in san.get_values_for_type(x509.IPAddress)] == ["127.0.0.1"]
    assert 729 <= (cert.not_valid_after_utc - cert.not_valid_before_utc).days <= 731
    assert stat.S_IMODE(first.key_path.stat().st_mode) == 0o600
    again = ensure_self_signed(tmp_path, ["other"])
    assert again.fingerprint == first.fingerprint
    assert len(first.fingerprint.split(":")) == 32
