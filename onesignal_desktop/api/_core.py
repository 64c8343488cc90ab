"""The request pipeline every operation goes through: key, budget, send, retry, map errors, parse.

Resource mixins (``onesignal_desktop.api.resources``) describe each operation once as an
:class:`Operation` and call :meth:`ClientCore._request`; everything that is the same for all operations
lives here, in one place.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import quote, urlsplit

import httpx
from pydantic import BaseModel, ValidationError

from onesignal_desktop.api._cancel import CancelCheck, check_cancelled, wait_unless_cancelled
from onesignal_desktop.api.auth import (
    AppKeyProvider,
    AuthScheme,
    Credentials,
    KeyKind,
    OrganizationKeyProvider,
    redact,
)
from onesignal_desktop.api.errors import (
    InvalidResponseError,
    NotFoundError,
    OneSignalError,
    RateLimitedError,
    TransportError,
    error_for_status,
    is_onesignal_error_body,
    normalise_messages,
)
from onesignal_desktop.api.rate_budget import BudgetWait, EndpointClass, RateBudget
from onesignal_desktop.api.retry import RetryPolicy, parse_retry_after
from onesignal_desktop.api.transport import (
    DEFAULT_BASE_URL,
    build_http_client,
    normalise_base_url,
    transport_error,
)

__all__ = ["Body", "ClientCore", "Operation", "Reply"]

log = logging.getLogger("onesignal_desktop.api")

ModelT = TypeVar("ModelT", bound=BaseModel)
Body = BaseModel | Mapping[str, Any]

_EXCERPT_CHARS = 200
_MESSAGE_CHARS = 1000  # one server message; the whole body stays on the error
_SAFE_METHODS = frozenset({"GET", "DELETE"})
_ACKNOWLEDGEMENT = re.compile(rb'\s*"?[A-Za-z_ ]{0,32}"?\s*')


@dataclass(frozen=True, slots=True)
class Operation:
    """One API operation as the specs describe it."""

    name: str
    method: str
    path: str  # a template such as "/notifications/{notification_id}"
    key: KeyKind
    budget: EndpointClass | None = None
    idempotent_post: bool = False  # POST made safe to retry by an idempotency key in its body

    @property
    def retry_safe(self) -> bool:
        return self.method in _SAFE_METHODS or self.idempotent_post


def to_payload(body: Body) -> dict[str, Any]:
    """A request body as a plain dict: models send only the fields that were set, dicts go as given."""
    if isinstance(body, BaseModel):
        payload = getattr(body, "to_payload", None)
        if callable(payload):
            result: dict[str, Any] = payload()
            return result
        return body.model_dump(mode="json", by_alias=True, exclude_unset=True, exclude_none=True)
    return dict(body)


def clean_params(params: Mapping[str, Any]) -> dict[str, Any]:
    """Query parameters without the ones left at None (OneSignal reads "None" literally)."""
    cleaned: dict[str, Any] = {}
    for name, value in params.items():
        if value is None:
            continue
        if isinstance(value, bool):
            cleaned[name] = "true" if value else "false"
        else:
            cleaned[name] = value
    return cleaned


class Reply:
    """A successful answer: status, headers, body bytes; parsed on demand.

    ``stands_in``: no answer of the server, but ``{"success":true}`` standing in for the lost answer of a
    DELETE carried out by an earlier attempt (see :meth:`ClientCore._deleted_before`).
    """

    __slots__ = ("_keys", "attempts", "content", "headers", "operation", "stands_in", "status")

    def __init__(
        self,
        operation: str,
        status: int,
        headers: httpx.Headers,
        content: bytes,
        attempts: int,
        keys: list[str],
        *,
        stands_in: bool = False,
    ) -> None:
        self.operation = operation
        self.stands_in = stands_in
        self.status = status
        self.headers = headers
        self.content = content
        self.attempts = attempts
        self._keys = keys

    def _invalid(self, reason: str) -> InvalidResponseError:
        # Redact before cutting to length: a key cut in two would no longer be found.
        head = self.content[: _EXCERPT_CHARS + 256].decode("utf-8", "replace")
        excerpt = redact(head, self._keys)[:_EXCERPT_CHARS]
        # The reason quotes keys of the body (error locations): keep it short and key-free as well.
        reason = _shorten(redact(reason, self._keys), _EXCERPT_CHARS)
        return InvalidResponseError(self.operation, reason, status=self.status, excerpt=excerpt)

    def model(self, model_class: type[ModelT], *, lenient: bool = False) -> ModelT:
        """The body validated as ``model_class`` (parsed straight from bytes: the fast path).

        ``lenient``: for answers the specs leave open ("OK", "ACCEPTED", ``{}``); a body that is not a
        JSON object then reads as an empty model instead of an invalid response.
        """
        if lenient and not self.content.lstrip().startswith(b"{"):
            # Only a bare word ("OK", "ACCEPTED") or nothing: an HTML page from a proxy is not an answer.
            if _ACKNOWLEDGEMENT.fullmatch(self.content):
                return model_class()
            raise self._invalid("the response is not JSON")
        try:
            return model_class.model_validate_json(self.content if self.content.strip() else b"{}")
        except ValidationError as exc:
            first = exc.errors()[0] if exc.error_count() else {"msg": "invalid"}
            if first.get("type") == "json_invalid":
                raise self._invalid("the response is not JSON") from None
            where = ".".join(_shorten(str(part), 40) for part in first.get("loc", ()))
            raise self._invalid(
                f"the response does not fit {model_class.__name__}: {where} {first['msg']}"
            ) from None


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _is_loopback(base_url: str) -> bool:
    host = urlsplit(base_url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class ClientCore:
    """Connection, credentials, retry policy and rate budget shared by all operations of a profile."""

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        *,
        organization_key: OrganizationKeyProvider | None = None,
        app_keys: AppKeyProvider | None = None,
        auth_scheme: AuthScheme = "Key",
        timeout: httpx.Timeout | float | None = None,
        retry: RetryPolicy | int | None = None,
        rate_budget: RateBudget | bool | None = None,
        on_budget_wait: Callable[[BudgetWait], None] | None = None,
        transport: httpx.BaseTransport | None = None,
        http_client: httpx.Client | None = None,
    ) -> None:
        self.base_url = normalise_base_url(base_url)
        self.credentials = Credentials(organization_key, app_keys, auth_scheme)
        if retry is None:
            retry = RetryPolicy()
        elif isinstance(retry, int):
            retry = RetryPolicy(max_attempts=max(1, retry))
        self.retry_policy: RetryPolicy = retry
        if rate_budget is None:
            # The sandbox on loopback does not limit unless asked to; OneSignal does.
            rate_budget = not _is_loopback(self.base_url)
        if isinstance(rate_budget, bool):
            rate_budget = RateBudget(enabled=rate_budget)
        if on_budget_wait is not None:
            rate_budget.on_wait = on_budget_wait
        self.rate_budget: RateBudget = rate_budget
        self._owns_http = http_client is None
        self._http = http_client or build_http_client(timeout=timeout, transport=transport)
        self._replayed_ids: dict[str, str] = {}
        self._replayed_lock = threading.Lock()
        self._cancel_scope = threading.local()

    # -- lifecycle ---------------------------------------------------------------------------------

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> ClientCore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={self.base_url!r}, {self.credentials!r}, {self.rate_budget!r})"
        )

    @property
    def http(self) -> httpx.Client:
        """The pooled httpx client (no key in its default headers)."""
        return self._http

    # -- the pipeline ------------------------------------------------------------------------------

    def _request(
        self,
        op: Operation,
        *,
        app_id: str | None = None,
        path_params: Mapping[str, str] | None = None,
        params: Mapping[str, Any] | None = None,
        body: Mapping[str, Any] | None = None,
        record: str | None = None,
    ) -> Reply:
        key = self.credentials.key_for(op.name, op.key, app_id)
        path = op.path
        if path_params:
            path = path.format_map({name: quote(str(value), safe="") for name, value in path_params.items()})
        url = self.base_url + path
        headers = {"Authorization": self.credentials.header_value(key)}
        content: bytes | None = None
        if body is not None:
            content = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()
            headers["Content-Type"] = "application/json"
        query = clean_params(params) if params else None
        policy = self.retry_policy
        cancel: CancelCheck = getattr(self._cancel_scope, "check", None)
        budget_pause = None if cancel is None else self._pauser(self.rate_budget.sleep, cancel, op.name)
        started = policy.clock()
        attempt = 0
        answer_lost = False  # an earlier attempt may have been carried out, its answer never came
        while True:
            attempt += 1
            check_cancelled(cancel, op.name)
            self.rate_budget.acquire(app_id, op.budget, record, pause=budget_pause)
            outcome = self._send_once(op, url, query, content, headers, key, attempt)
            if isinstance(outcome, Reply):
                return outcome
            error = outcome
            if answer_lost and op.method == "DELETE" and isinstance(error, NotFoundError):
                return self._deleted_before(op, attempt, key)
            if isinstance(error, TransportError) and error.request_may_have_arrived:
                answer_lost = True
            if attempt >= policy.max_attempts or not policy.is_retryable(error, retry_safe=op.retry_safe):
                raise error
            delay = policy.delay_before(attempt, error)
            if isinstance(error, RateLimitedError):
                # This thread sleeps `delay` below; emptying the bucket makes the other threads wait too.
                self.rate_budget.penalise(app_id, op.budget, delay)
            if policy.clock() - started + delay > policy.deadline:
                raise error
            log.info(
                "%s: %s; retrying in %.2fs (attempt %d)", op.name, type(error).__name__, delay, attempt + 1
            )
            if cancel is None:
                policy.sleep(delay)
            else:
                self._pauser(policy.sleep, cancel, op.name)(delay)

    def _deleted_before(self, op: Operation, attempt: int, key: str) -> Reply:
        """The success of a DELETE whose retry found nothing left to delete.

        An earlier attempt reached the server but its answer was lost (connection reset, read timeout),
        so the retry's 404 most likely means that attempt did the deletion: reporting "not found" would
        tell the person their delete failed when it worked. Only for a retry after such a loss; a 404 on
        the first attempt, or after an answered error (429, 503), still raises :class:`NotFoundError`.
        """
        log.info("%s: not found on attempt %d, deleted by an earlier attempt", op.name, attempt)
        keys = self.credentials.known_keys((key,))
        return Reply(op.name, 200, httpx.Headers(), b'{"success":true}', attempt, keys, stands_in=True)

    @contextmanager
    def cancellation(self, cancel: CancelCheck) -> Iterator[None]:
        """Calls this thread makes inside the block stop waiting (retry back-off, rate budget) and raise
        :class:`OperationCancelled` as soon as ``cancel`` (an Event or a callable) says so."""
        previous = getattr(self._cancel_scope, "check", None)
        self._cancel_scope.check = cancel
        try:
            yield
        finally:
            self._cancel_scope.check = previous

    @staticmethod
    def _pauser(
        sleep: Callable[[float], None], cancel: CancelCheck, operation: str
    ) -> Callable[[float], None]:
        # A real sleep becomes a wait that wakes on cancel; an injected (test) sleep is kept as it is.
        injected = None if sleep is time.sleep else sleep
        return lambda seconds: wait_unless_cancelled(seconds, cancel, operation, injected)

    def _send_once(
        self,
        op: Operation,
        url: str,
        query: dict[str, Any] | None,
        content: bytes | None,
        headers: dict[str, str],
        key: str,
        attempt: int,
    ) -> Reply | OneSignalError:
        started = time.perf_counter()
        try:
            response = self._http.request(op.method, url, params=query, content=content, headers=headers)
        except httpx.TransportError as exc:
            log.debug("%s %s failed: %s", op.method, op.path, type(exc).__name__)
            return transport_error(op.name, exc)
        except httpx.DecodingError:  # a body that does not match its Content-Encoding (a broken proxy)
            log.debug("%s %s: undecodable body", op.method, op.path)
            return InvalidResponseError(op.name, "the response could not be decompressed (Content-Encoding)")
        status = response.status_code
        if log.isEnabledFor(logging.DEBUG):
            log.debug(
                "%s %s -> %d in %.1f ms (attempt %d)",
                op.method,
                op.path,
                status,
                (time.perf_counter() - started) * 1000,
                attempt,
            )
        keys = self.credentials.known_keys((key,))
        if status < 300:
            return Reply(op.name, status, response.headers, response.content, attempt, keys)
        if status < 400:
            # Not followed: a redirect usually means a wrong base URL, and the key must not travel on.
            where = response.headers.get("Location", "somewhere else")
            return InvalidResponseError(
                op.name, f"the server redirected to {where}; check the base URL", status=status
            )
        return self._status_error(op.name, response, keys)

    def _status_error(self, operation: str, response: httpx.Response, keys: list[str]) -> OneSignalError:
        text = response.content.decode("utf-8", "replace")
        body: Any = None
        messages: list[str] = []
        try:
            body = json.loads(text) if text.strip() else None
            if body is not None:
                messages = normalise_messages(body)
                body = _redacted_body(body, keys)
        except (ValueError, RecursionError):  # not JSON, or nested deeper than Python can follow
            body, messages = None, []
        if body is None and text.strip():
            messages = [f"non-JSON error body: {_shorten(redact(text, keys), _EXCERPT_CHARS)!r}"]
        if not messages:
            messages = [f"HTTP {response.status_code} {response.reason_phrase}".strip()]
        # Redact before shortening: a key cut in two would no longer be found.
        messages = [_shorten(redact(message, keys), _MESSAGE_CHARS) for message in messages]
        retry_after = parse_retry_after(response.headers) if response.status_code == 429 else None
        from_onesignal = is_onesignal_error_body(body, response.headers.get("Content-Type", ""))
        return error_for_status(
            operation,
            response.status_code,
            messages,
            body=body,
            retry_after=retry_after,
            from_onesignal=from_onesignal,
        )

    # -- helpers for resources ---------------------------------------------------------------------

    def _remember_notification(self, idempotency_key: str, notification_id: str) -> bool:
        """Whether this idempotency key already produced this id (the server replayed our earlier send)."""
        with self._replayed_lock:
            previous = self._replayed_ids.get(idempotency_key)
            if previous is None:
                if len(self._replayed_ids) >= 1024:
                    self._replayed_ids.pop(next(iter(self._replayed_ids)))
                self._replayed_ids[idempotency_key] = notification_id
                return False
            return previous == notification_id


def _redacted_body(body: Any, keys: Iterable[str]) -> Any:
    keys = list(keys)
    if body is None or not keys:
        return body
    text = json.dumps(body)
    cleaned = redact(text, keys)
    return body if cleaned == text else json.loads(cleaned)
