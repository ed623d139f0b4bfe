"""Serving over real loopback sockets: HTTP (waitress) and HTTPS (cheroot)."""

import socket
import ssl
import threading
import warnings

import pytest
import requests

from provlab.serving import serve_in_thread
from provlab.tls import ensure_self_signed
from provlab.transport import DropConnection

pytestmark = pytest.mark.sockets


def hello(environ, start_response):
    if environ["PATH_INFO"] == "/drop":
        raise DropConnection()
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"hello " + environ["PATH_INFO"].encode()]


def _port_is_free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def _server_threads() -> set[str]:
    return {t.name for t in threading.enumerate() if t.name.startswith(("waitress", "cheroot", "CP Server"))}


def test_http_serves_health_and_app_then_stops_cleanly():
    before = _server_threads()
    with serve_in_thread(hello) as server:
        assert server.url.startswith("http://127.0.0.1:")
        assert requests.get(server.url + "/_health", timeout=5).text == "ok"
        assert requests.get(server.url + "/users", timeout=5).text == "hello /users"
        port = server.port
    assert _port_is_free(port)
    assert _server_threads() == before


def test_https_with_generated_certificate(tmp_path):
    tls = ensure_self_signed(tmp_path)
    before = _server_threads()
    with serve_in_thread(hello, tls=tls) as server:
        assert server.url.startswith("https://localhost:")
        response = requests.get(server.url + "/scim", verify=str(tls.cert_path), timeout=5)
        assert response.text == "hello /scim"
        with pytest.raises(requests.exceptions.SSLError):
            requests.get(server.url + "/scim", timeout=5)  # not trusted without the certificate
        port = server.port
    assert _port_is_free(port)
    assert _server_threads() == before


def test_https_refuses_tls_1_1(tmp_path):
    tls = ensure_self_signed(tmp_path)
    with serve_in_thread(hello, tls=tls) as server:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        with warnings.catch_warnings():  # TLS 1.1 is deprecated: that is the point of the test
            warnings.simplefilter("ignore", DeprecationWarning)
            context.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
            context.maximum_version = ssl.TLSVersion.TLSv1_1
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as raw:
            with pytest.raises(ssl.SSLError):
                with context.wrap_socket(raw, server_hostname="localhost"):
                    pass


@pytest.mark.parametrize("use_tls", [False, True])
def test_drop_connection_breaks_the_exchange(tmp_path, use_tls):
    tls = ensure_self_signed(tmp_path) if use_tls else None
    with serve_in_thread(hello, tls=tls) as server:
        with pytest.raises(requests.RequestException):
            requests.get(server.url + "/drop", verify=str(tls.cert_path) if tls else True, timeout=5)
        assert requests.get(server.url + "/x", verify=str(tls.cert_path) if tls else True, timeout=5).ok


@pytest.mark.parametrize("use_tls", [False, True])
def test_a_taken_port_is_reported_with_what_to_do(tmp_path, use_tls):
    from provlab.serving import PortUnavailableError, check_port_free

    tls = ensure_self_signed(tmp_path) if use_tls else None
    with serve_in_thread(hello) as taken:
        with pytest.raises(
            PortUnavailableError, match=r"cannot listen on 127\.0\.0\.1:\d+: .*pick another --port"
        ):
            check_port_free("127.0.0.1", taken.port)
        with pytest.raises(PortUnavailableError, match="pick another --port"):
            serve_in_thread(hello, port=taken.port, tls=tls)
