from django.core.cache import cache
from django.test import RequestFactory

from corridor.core.audit import Actor
from corridor.core.clients import client_ip
from corridor.core.ratelimit import is_limited

PROXY = "10.0.0.5"


def _request(peer: str, forwarded: str | None = None):
    request = RequestFactory().get("/", REMOTE_ADDR=peer)
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return request


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []

    assert client_ip(_request("198.51.100.9", "203.0.113.1")) == "198.51.100.9"


def test_a_spoofed_header_from_an_untrusted_peer_is_ignored(settings):
    settings.TRUSTED_PROXIES = [PROXY]

    assert client_ip(_request("198.51.100.9", "203.0.113.1, 10.0.0.5")) == "198.51.100.9"


def test_behind_a_trusted_proxy_the_forwarded_client_is_read(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]

    assert client_ip(_request(PROXY, "203.0.113.1")) == "203.0.113.1"


def test_the_rightmost_untrusted_address_wins_over_what_the_client_prepended(settings):
    # The client sent "X-Forwarded-For: 192.0.2.66"; the edge proxy appended the real peer,
    # an inner proxy appended the edge's address.
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "2001:db8::/32"]

    request = _request(PROXY, "192.0.2.66, 203.0.113.1, 2001:db8::7")

    assert client_ip(request) == "203.0.113.1"


def test_a_malformed_hop_stops_the_walk_at_the_last_believed_address(settings):
    settings.TRUSTED_PROXIES = [PROXY]

    assert client_ip(_request(PROXY, "203.0.113.1, not-an-address")) == PROXY


def test_only_proxies_in_the_header_gives_the_leftmost_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]

    assert client_ip(_request(PROXY, "10.1.1.1, 10.2.2.2")) == "10.1.1.1"


def test_no_peer_address_is_none(settings):
    settings.TRUSTED_PROXIES = [PROXY]

    assert client_ip(_request("", "203.0.113.1")) is None


def test_rate_limits_count_the_client_behind_the_proxy_not_the_proxy(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    cache.clear()
    first = _request(PROXY, "203.0.113.1")
    second = _request(PROXY, "203.0.113.2")

    answers = [is_limited(first, "proxy-test", limit=2, window_seconds=60) for _ in range(3)]

    assert answers == [False, False, True]
    assert is_limited(second, "proxy-test", limit=2, window_seconds=60) is False


def test_a_client_cannot_escape_its_rate_limit_by_forging_the_header(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    cache.clear()

    answers = [
        is_limited(
            _request(PROXY, f"192.0.2.{n}, 203.0.113.1"), "forge", limit=2, window_seconds=60
        )
        for n in range(3)
    ]

    assert answers == [False, False, True]


def test_the_audit_actor_records_the_client_behind_the_proxy(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    request = _request(PROXY, "203.0.113.1")
    request.user = type("Anonymous", (), {"is_authenticated": False})()

    assert Actor.from_request(request).ip_address == "203.0.113.1"
