"""One error hierarchy for everything the client can raise.

Every error names the operation (``create_notification``), the HTTP status when there was one, and the
server's messages normalised to a list of strings whatever body shape OneSignal used. Errors never hold
the request or response objects: those carry the ``Authorization`` header, and a key must never reach a
message, a repr or a log line.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = [
    "APIStatusError",
    "AuthError",
    "BadRequestError",
    "ConflictError",
    "ConnectionRefused",
    "ConnectionReset",
    "ExportTimeoutError",
    "ForbiddenError",
    "InvalidResponseError",
    "MissingKeyError",
    "NotFoundError",
    "OneSignalError",
    "OperationCancelled",
    "RateLimitedError",
    "RequestTimeout",
    "ServerError",
    "TransportError",
    "UnauthorizedError",
    "UnprocessableEntityError",
    "error_for_status",
    "is_definite_refusal",
    "is_onesignal_error_body",
    "normalise_messages",
]


class OneSignalError(Exception):
    """Base of every error the API layer raises."""

    def __init__(self, operation: str, messages: Sequence[str] = (), *, status: int | None = None) -> None:
        self.operation = operation
        self.status = status
        self.messages: list[str] = list(messages)
        super().__init__(self._describe())

    def _describe(self) -> str:
        head = self.operation
        if self.status is not None:
            head += f": HTTP {self.status}"
        if self.messages:
            return f"{head}: {'; '.join(self.messages)}"
        return head

    def __str__(self) -> str:
        return self._describe()

    def __reduce__(self) -> tuple[Any, ...]:
        # Subclasses take different constructor arguments; rebuild from the attributes instead, so errors
        # survive pickling and copying (worker processes, queued signals).
        return (_restore_error, (type(self), dict(self.__dict__)))

    def __repr__(self) -> str:
        name = type(self).__name__
        return f"{name}(operation={self.operation!r}, status={self.status!r}, messages={self.messages!r})"


def _restore_error(error_class: type[OneSignalError], state: dict[str, Any]) -> OneSignalError:
    error = error_class.__new__(error_class)
    error.__dict__.update(state)
    Exception.__init__(error, error._describe())
    return error


class MissingKeyError(OneSignalError):
    """The key an operation needs is not configured; raised before any request is made."""

    def __init__(self, operation: str, *, key_kind: str, app_id: str | None = None, reason: str = "") -> None:
        self.key_kind = key_kind
        self.app_id = app_id
        if key_kind == "organization":
            needed = f"{operation} needs the organization API key (app and API-key management)"
        else:
            needed = f"{operation} needs the REST API key of app {app_id or '<no app id given>'}"
        super().__init__(operation, [f"{needed}; {reason or 'none is configured'}"])


class OperationCancelled(OneSignalError):
    """The caller cancelled a multi-step operation (paging, export download) between steps."""


class ExportTimeoutError(OneSignalError):
    """The CSV export file was still not ready when the deadline passed."""


class InvalidResponseError(OneSignalError):
    """The server answered with something that is not the JSON this operation expects."""

    def __init__(self, operation: str, reason: str, *, status: int | None = None, excerpt: str = "") -> None:
        self.excerpt = excerpt
        messages = [reason] + ([f"body starts: {excerpt!r}"] if excerpt else [])
        super().__init__(operation, messages, status=status)


class TransportError(OneSignalError):
    """No HTTP answer at all: the connection failed, broke, or timed out.

    ``request_may_have_arrived`` is False only when connecting failed: otherwise the server may have
    received the request and done what it asked, and only its answer was lost.
    """

    def __init__(
        self, operation: str, messages: Sequence[str] = (), *, request_may_have_arrived: bool = True
    ) -> None:
        self.request_may_have_arrived = request_may_have_arrived
        super().__init__(operation, messages)


class ConnectionRefused(TransportError):
    """Nothing listens at the base URL (or a proxy refused)."""

    def __init__(self, operation: str, messages: Sequence[str] = ()) -> None:
        super().__init__(operation, messages, request_may_have_arrived=False)


class ConnectionReset(TransportError):
    """The connection broke while the request or response was under way."""


class RequestTimeout(TransportError):
    """Connecting or reading took longer than the configured timeout."""


class APIStatusError(OneSignalError):
    """The server answered with an error status.

    ``from_onesignal`` says the answer is OneSignal's own: a JSON body in its error shape
    (``{"errors": ...}``). A proxy, gateway or load balancer in between answers with something else (an
    HTML page, an empty body, its own JSON), and then nobody knows whether OneSignal got the request.
    """

    def __init__(
        self,
        operation: str,
        messages: Sequence[str],
        *,
        status: int,
        body: Any = None,
        from_onesignal: bool = False,
    ) -> None:
        self.body = body
        self.from_onesignal = from_onesignal
        super().__init__(operation, messages, status=status)


class BadRequestError(APIStatusError):
    """400: the request was rejected as invalid."""


class AuthError(APIStatusError):
    """401/403: the key is wrong, revoked, or not allowed to do this."""


class UnauthorizedError(AuthError):
    """401."""


class ForbiddenError(AuthError):
    """403."""


class NotFoundError(APIStatusError):
    """404."""


class ConflictError(APIStatusError):
    """409."""


class UnprocessableEntityError(APIStatusError):
    """422."""


class RateLimitedError(APIStatusError):
    """429: too many requests; ``retry_after`` is the server's hint in seconds, when it gave one."""

    def __init__(
        self,
        operation: str,
        messages: Sequence[str],
        *,
        status: int = 429,
        body: Any = None,
        retry_after: float | None = None,
        from_onesignal: bool = False,
    ) -> None:
        self.retry_after = retry_after
        super().__init__(operation, messages, status=status, body=body, from_onesignal=from_onesignal)


class ServerError(APIStatusError):
    """5xx: the server failed."""


_STATUS_CLASSES: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: UnauthorizedError,
    403: ForbiddenError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
}


def error_for_status(
    operation: str,
    status: int,
    messages: Sequence[str],
    *,
    body: Any = None,
    retry_after: float | None = None,
    from_onesignal: bool = False,
) -> APIStatusError:
    if status == 429:
        return RateLimitedError(
            operation, messages, body=body, retry_after=retry_after, from_onesignal=from_onesignal
        )
    if status >= 500:
        return ServerError(operation, messages, status=status, body=body, from_onesignal=from_onesignal)
    error_class = _STATUS_CLASSES.get(status, APIStatusError)
    return error_class(operation, messages, status=status, body=body, from_onesignal=from_onesignal)


#: 4xx statuses that do not say the request was refused: a timeout somewhere on the way (408, often a
#: proxy's, after it may have forwarded the request) and "too many requests" (429, retried with the key).
_NOT_A_REFUSAL = frozenset({408, 429})


def is_onesignal_error_body(body: Any, content_type: str) -> bool:
    """Whether an error answer is in OneSignal's own shape: JSON with a non-empty ``errors`` member."""
    if "json" not in content_type.lower() or not isinstance(body, dict):
        return False
    errors = body.get("errors")
    return isinstance(errors, list | dict | str) and bool(errors)


def is_definite_refusal(error: BaseException) -> bool:
    """Whether ``error`` proves that nothing was created, so a new attempt may use a fresh idempotency key.

    Only OneSignal's own 4xx refusals (its error shape: :attr:`APIStatusError.from_onesignal`) and errors
    raised before any request (a missing key) are definite. Anything else (a proxy's 408, an HTML error
    page, a 4xx with an empty or foreign body, a 429, a 5xx, no answer at all) may come after the request
    was forwarded: the send stays "possibly sent" and is resent with the same key.
    """
    if isinstance(error, MissingKeyError):
        return True
    if not isinstance(error, APIStatusError) or error.status is None:
        return False
    return 400 <= error.status < 500 and error.status not in _NOT_A_REFUSAL and error.from_onesignal


def _describe_error_item(item: Any) -> str:
    if isinstance(item, str):
        return item
    if isinstance(item, dict):
        text = str(item.get("title") or item.get("message") or item.get("detail") or "")
        code = item.get("code")
        meta = item.get("meta")
        if not text:
            text = ", ".join(f"{key}: {value}" for key, value in item.items())
        elif code:
            text = f"{text} ({code})"
        if meta and text and isinstance(meta, dict):
            text += " " + ", ".join(f"{key}={value}" for key, value in meta.items())
        return text
    return str(item)


def normalise_messages(body: Any) -> list[str]:
    """The human-readable messages in any error body shape OneSignal uses.

    Shapes seen: ``{"errors": ["..."]}``, ``{"errors": [{"code", "title", "meta"}]}``, ``{"errors": "..."}``,
    ``{"errors": {"invalid_player_ids": [...]}}`` and ``{"success": false}``.
    """
    if isinstance(body, str):
        return [body] if body.strip() else []  # a blank message says nothing: the caller's fallback does
    if isinstance(body, list):
        return [text for text in (_describe_error_item(item) for item in body) if text.strip()]
    if not isinstance(body, dict):
        return []
    messages: list[str] = []
    errors = body.get("errors")
    if isinstance(errors, str) and errors:
        messages.append(errors)
    elif isinstance(errors, list):
        messages.extend(_describe_error_item(item) for item in errors)
    elif isinstance(errors, dict):
        for key, value in errors.items():
            if isinstance(value, list):
                messages.append(f"{key}: {', '.join(str(part) for part in value)}")
            else:
                messages.append(f"{key}: {value}")
    for key in ("error", "message"):
        value = body.get(key)
        if isinstance(value, str) and value:
            messages.append(value)
    if not messages and body.get("success") is False:
        messages.append("the server reported success: false")
    return [message for message in messages if message.strip()]
