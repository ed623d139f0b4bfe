import pytest

from provlab.urls import http_url_problem


@pytest.mark.parametrize(
    "value", ["http://127.0.0.1:8090", "https://sap.example.com", "http://h:1/prefix/api"]
)
def test_good_urls(value):
    assert http_url_problem(value) is None


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("notaurl", "http:// or https://"),
        ("ftp://host", "http:// or https://"),
        ("http://", "no host"),
        ("http://host:99999", "port"),
        ("http://host:abc", "port"),
        ("http://user:pw@host", "credentials"),
    ],
)
def test_bad_urls_say_why(value, words):
    assert words in http_url_problem(value)


def test_path_only_where_allowed():
    assert http_url_problem("http://host/x", allow_path=False) is not None
    assert http_url_problem("http://host/", allow_path=False) is None
