"""The client's address: the one function every door reads it through (the audit log, rate
limits, sign-in audit).

Behind reverse proxies REMOTE_ADDR is the proxy's. X-Forwarded-For is believed only as far as
the proxies in settings.TRUSTED_PROXIES wrote it: walking it from the right, the first address
that is not a trusted proxy is the client. Anything left of that was written by the client
itself and may be forged, so it is never read.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _parse(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _is_trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return any(address in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_ip(request: HttpRequest) -> str | None:
    """The address of the client that made `request`, or None when the server was not told."""
    peer = _parse(request.META.get("REMOTE_ADDR") or "")
    if peer is None:
        return None
    if not _is_trusted(peer):
        return str(peer)
    client = peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed(forwarded.split(",") if forwarded else []):
        address = _parse(hop)
        if address is None:
            break  # a malformed entry: nothing left of it can be believed
        client = address
        if not _is_trusted(address):
            break
    return str(client)
