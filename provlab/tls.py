"""A self-signed certificate for the connector's SCIM port, as ECMA2Host generates one.

Made with ``cryptography`` on first start and reused afterwards: SAN host name, localhost
and 127.0.0.1; valid two years; the key file readable by its owner only.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

CERT_FILE = "scim-cert.pem"
KEY_FILE = "scim-key.pem"
VALIDITY = timedelta(days=730)


@dataclass(frozen=True)
class TLSFiles:
    cert_path: Path
    key_path: Path
    fingerprint: str  # SHA-256, colon-separated upper-case hex, as certificate viewers show it


def fingerprint_of(cert_pem: bytes) -> str:
    cert = x509.load_pem_x509_certificate(cert_pem)
    return cert.fingerprint(hashes.SHA256()).hex(":").upper()


def ensure_self_signed(state_dir: str | Path, hostnames: list[str] | None = None) -> TLSFiles:
    """Return the certificate in ``state_dir``, creating it on first use."""
    directory = Path(state_dir)
    directory.mkdir(parents=True, exist_ok=True)
    cert_path, key_path = directory / CERT_FILE, directory / KEY_FILE
    if not (cert_path.exists() and key_path.exists()):
        cert_pem, key_pem = generate_self_signed(hostnames)
        # Create the key file 0600 before writing the secret into it.
        fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(key_pem)
        os.chmod(key_path, 0o600)
        cert_path.write_bytes(cert_pem)
    return TLSFiles(cert_path, key_path, fingerprint_of(cert_path.read_bytes()))


def generate_self_signed(hostnames: list[str] | None = None) -> tuple[bytes, bytes]:
    """A new (certificate PEM, private key PEM) pair."""
    names = hostnames or [socket.gethostname(), "localhost"]
    if "localhost" not in names:
        names = [*names, "localhost"]
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])])
    now = datetime.now(UTC)
    san: list[x509.GeneralName] = [x509.DNSName(n) for n in dict.fromkeys(names)]
    san.append(x509.IPAddress(ipaddress.ip_address("127.0.0.1")))
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + VALIDITY)
        .add_extension(x509.SubjectAlternativeName(san), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return cert.public_bytes(serialization.Encoding.PEM), key_pem
