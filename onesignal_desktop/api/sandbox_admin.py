"""A client for the sandbox's own endpoints (``/_sandbox/...``: request log, faults); not OneSignal's API.

Used by the console's request inspector when it runs on the sandbox. Log pages come back as compact
:class:`LoggedRequest` rows (tuples, no validation layer: an inspector holds up to 100,000 of them);
one whole entry, and the fault state, as plain dicts. Errors are the client's own
(:mod:`onesignal_desktop.api.errors`), naming the operation; no key reaches a message.
"""

from __future__ import annotations

import sys
from array import array
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import httpx

from onesignal_desktop.api.errors import (
    ConnectionRefused,
    InvalidResponseError,
    OneSignalError,
    TransportError,
    error_for_status,
    normalise_messages,
)

PAGE_LIMIT = 5000


class LoggedRequest(NamedTuple):
    """One row of the request log, as the inspector's table shows it."""

    id: int
    time: float
    method: str
    path: str
    query: str
    status: int
    duration_ms: float
    app_id: str
    key: str
    fault: str


@dataclass(frozen=True)
class RequestFilters:
    path: str = ""
    status: str = ""
    app_id: str = ""

    def params(self) -> dict[str, str]:
        return {name: value for name, value in vars(self).items() if value}


@dataclass
class LogColumns:
    """Log rows as columns: a few arrays and lists instead of one object per row, so 100,000 rows add
    no objects for the garbage collector to walk (its full passes over a big heap stall every thread)."""

    ids: array[int] = field(default_factory=lambda: array("q"))
    times: array[float] = field(default_factory=lambda: array("d"))
    methods: list[str] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    queries: list[str] = field(default_factory=list)
    statuses: array[int] = field(default_factory=lambda: array("i"))
    durations: array[float] = field(default_factory=lambda: array("d"))
    app_ids: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    faults: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.ids)

    def parts(self) -> tuple[Any, ...]:
        return (
            self.ids,
            self.times,
            self.methods,
            self.paths,
            self.queries,
            self.statuses,
            self.durations,
            self.app_ids,
            self.keys,
            self.faults,
        )

    def row(self, index: int) -> LoggedRequest:
        return LoggedRequest(*(part[index] for part in self.parts()))

    def extend(self, other: LogColumns) -> None:
        for mine, theirs in zip(self.parts(), other.parts(), strict=True):
            mine.extend(theirs)

    def drop_first(self, count: int) -> None:
        for part in self.parts():
            del part[:count]


@dataclass(frozen=True)
class RequestPage:
    rows: LogColumns
    last_id: int
    first_id: int
    count: int
    capacity: int


class SandboxAdmin:
    """Talks to one sandbox's ``/_sandbox`` endpoints with its organization key."""

    def __init__(self, base_url: str, org_key: str, *, timeout: float = 10.0) -> None:
        self.base_url = base_url.rstrip("/")
        self._http = httpx.Client(
            base_url=self.base_url, headers={"Authorization": f"Key {org_key}"}, timeout=timeout
        )

    def __repr__(self) -> str:
        return f"SandboxAdmin({self.base_url!r}, <key hidden>)"

    def close(self) -> None:
        self._http.close()

    def requests(
        self, *, after_id: int = 0, limit: int = PAGE_LIMIT, filters: RequestFilters | None = None
    ) -> RequestPage:
        params: dict[str, str | int] = {
            "after_id": after_id,
            "limit": limit,
            **(filters or RequestFilters()).params(),
        }
        body = self._call("list_logged_requests", "GET", "/_sandbox/requests", params=params)
        try:
            rows = LogColumns()
            intern = sys.intern  # methods, apps, keys and faults repeat: one string each
            for e in body["requests"]:
                rows.ids.append(int(e["id"]))
                rows.times.append(float(e["time"]))
                rows.methods.append(intern(str(e["method"])))
                rows.paths.append(str(e["path"]))
                rows.queries.append(str(e["query"]))
                rows.statuses.append(int(e["status"]))
                rows.durations.append(float(e["duration_ms"]))
                rows.app_ids.append(intern(str(e["app_id"])))
                rows.keys.append(intern(str(e["key"])))
                rows.faults.append(intern(str(e["fault"])))
            log = body["log"]
            return RequestPage(
                rows, int(body["last_id"]), int(log["first_id"]), int(log["count"]), int(log["capacity"])
            )
        except (KeyError, TypeError, ValueError) as error:
            raise InvalidResponseError("list_logged_requests", f"unexpected log page: {error}") from None

    def request(self, request_id: int) -> dict[str, Any]:
        body = self._call("get_logged_request", "GET", f"/_sandbox/requests/{int(request_id)}")
        if not isinstance(body, dict):
            raise InvalidResponseError("get_logged_request", "the entry is not a JSON object")
        return body

    def faults(self) -> dict[str, Any]:
        return self._object("get_sandbox_faults", "GET", "/_sandbox/faults")

    def add_fault(self, fault: dict[str, Any]) -> dict[str, Any]:
        return self._object("add_sandbox_fault", "POST", "/_sandbox/faults", json=fault)

    def clear_faults(self) -> dict[str, Any]:
        return self._object("clear_sandbox_faults", "DELETE", "/_sandbox/faults")

    def _object(self, operation: str, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        body = self._call(operation, method, path, **kwargs)
        if not isinstance(body, dict):
            raise InvalidResponseError(operation, "the answer is not a JSON object")
        return body

    def _call(self, operation: str, method: str, path: str, **kwargs: Any) -> Any:
        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.ConnectError:
            raise ConnectionRefused(operation, [f"the sandbox at {self.base_url} does not answer"]) from None
        except httpx.HTTPError as error:
            raise TransportError(operation, [type(error).__name__]) from None
        try:
            body = response.json()
        except ValueError:
            raise InvalidResponseError(operation, "not JSON", status=response.status_code) from None
        if response.status_code >= 400:
            messages = normalise_messages(body) or [f"HTTP {response.status_code}"]
            raise error_for_status(operation, response.status_code, messages, body=body)
        return body


__all__ = [
    "PAGE_LIMIT",
    "LogColumns",
    "LoggedRequest",
    "OneSignalError",
    "RequestFilters",
    "RequestPage",
    "SandboxAdmin",
]
