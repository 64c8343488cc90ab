"""The HTTP connection: one pooled httpx client per profile, and httpx failures mapped to our errors.

The ``Authorization`` header is set per request, never as a client default, so a request to a URL that is
not the API (the CSV export file on a storage host) never carries a key.
"""

from __future__ import annotations

import errno
from typing import Final

import httpx

from onesignal_desktop import __version__
from onesignal_desktop.api.errors import ConnectionRefused, ConnectionReset, RequestTimeout, TransportError

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_TIMEOUT",
    "LEGACY_BASE_URL",
    "USER_AGENT",
    "build_http_client",
    "normalise_base_url",
    "transport_error",
]

DEFAULT_BASE_URL: Final = "https://api.onesignal.com"
LEGACY_BASE_URL: Final = "https://onesignal.com/api/v1"
USER_AGENT: Final = f"onesignal-desktop/{__version__}"
DEFAULT_TIMEOUT: Final = httpx.Timeout(30.0, connect=5.0)
DEFAULT_LIMITS: Final = httpx.Limits(max_connections=16, max_keepalive_connections=8, keepalive_expiry=30.0)


def normalise_base_url(base_url: str) -> str:
    """``base_url`` without a trailing slash; operation paths ("/notifications") are appended to it."""
    url = base_url.strip().rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"base_url must start with http:// or https://, got {base_url!r}")
    return url


def build_http_client(
    *,
    timeout: httpx.Timeout | float | None = None,
    transport: httpx.BaseTransport | None = None,
    limits: httpx.Limits | None = None,
) -> httpx.Client:
    return httpx.Client(
        timeout=DEFAULT_TIMEOUT if timeout is None else timeout,
        transport=transport,
        limits=DEFAULT_LIMITS if limits is None else limits,
        headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
        follow_redirects=False,
    )


def _refused(exc: BaseException) -> bool:
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, ConnectionRefusedError):
            return True
        if isinstance(cause, OSError) and cause.errno == errno.ECONNREFUSED:
            return True
        if "refused" in str(cause).lower():
            return True
        cause = cause.__cause__ or cause.__context__
    return False


def transport_error(operation: str, exc: httpx.TransportError) -> TransportError:
    """Our error for an httpx transport failure (refused, reset, timeout, other)."""
    if isinstance(exc, httpx.TimeoutException):
        connecting = isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout)
        phase = "connecting" if connecting else "waiting for the answer"
        return RequestTimeout(
            operation, [f"timed out while {phase}"], request_may_have_arrived=not connecting
        )
    if isinstance(exc, httpx.ConnectError):
        if _refused(exc):
            return ConnectionRefused(operation, ["connection refused (is the server running?)"])
        return TransportError(
            operation, [f"could not connect: {type(exc).__name__}"], request_may_have_arrived=False
        )
    if isinstance(exc, httpx.ReadError | httpx.WriteError | httpx.RemoteProtocolError):
        return ConnectionReset(operation, ["the connection was reset or closed mid-request"])
    return TransportError(operation, [f"transport failure: {type(exc).__name__}"])
