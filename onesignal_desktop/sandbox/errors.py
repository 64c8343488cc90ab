"""OneSignal's error answers: an HTTP status with a ``{"errors": [...]}`` body.

Raise :class:`ApiError` (or use a helper below) anywhere inside a route handler; the server turns it into the
JSON answer, so handlers never build error bodies by hand.
"""

from __future__ import annotations

from typing import Any

KEYS_DOC = "https://documentation.onesignal.com/docs/keys-and-ids"


class ApiError(Exception):
    """An answer that is not a success: ``status`` plus ``{"errors": errors, **extra}``."""

    def __init__(
        self,
        status: int,
        errors: list[Any] | str,
        *,
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.status = status
        self.errors: list[Any] = [errors] if isinstance(errors, str) else list(errors)
        self.extra = dict(extra or {})
        self.headers = dict(headers or {})
        super().__init__(f"HTTP {status}: {self.errors}")

    def body(self) -> dict[str, Any]:
        return {"errors": self.errors, **self.extra}


def bad_request(*messages: str) -> ApiError:
    return ApiError(400, list(messages))


def not_found(message: str) -> ApiError:
    return ApiError(404, [message])


def conflict(message: str) -> ApiError:
    return ApiError(409, [message])


def missing_auth() -> ApiError:
    """No usable Authorization header: OneSignal answers 400 and says how to send the key."""
    return ApiError(
        400,
        [
            "Please include a case-sensitive header of Authorization: Key <YOUR-REST-API-KEY-HERE> "
            "with a valid REST API key."
        ],
        extra={"reference": [KEYS_DOC]},
    )


def access_denied() -> ApiError:
    """A key that is wrong, revoked, or belongs to something else: 403 Access denied."""
    return ApiError(
        403,
        [
            "Access denied.  Please include an 'Authorization: Key <YOUR-API-KEY-HERE>' header "
            f"with a valid API key ({KEYS_DOC})."
        ],
    )


def app_not_found(app_id: str) -> ApiError:
    return ApiError(404, [f"App with id '{app_id}' not found."])


def invalid_app_id() -> ApiError:
    return ApiError(400, ["app_id not found. You may be missing a Content-Type: application/json header."])


def rate_limited(retry_after: int, limit: str | None = None) -> ApiError:
    extra: dict[str, Any] = {} if limit is None else {"limit": limit}
    return ApiError(429, ["API rate limit exceeded."], extra=extra, headers={"Retry-After": str(retry_after)})
