"""The sandbox's own endpoints, under ``/_sandbox`` (a prefix OneSignal does not use).

- ``GET /_sandbox/health``: ``{"status": "ok", ...}``; no key needed (for CI jobs waiting on the server).
- ``GET /_sandbox/requests``: the request log, oldest first: ``after_id`` (entries after it), ``limit``
  (1-5000, default 1000), filters ``path`` (contained), ``status`` (``404`` or ``4xx``; ``0``: reset),
  ``app_id``, ``method``. Answers ``{"requests": [...], "last_id": N, "log": {"count", "first_id",
  "last_id", "capacity"}}``; entries here carry no bodies.
- ``GET /_sandbox/requests/{id}``: one whole entry (request headers with the key masked, both bodies).
- ``GET /_sandbox/requests/export``: every entry matching the same filters as JSON lines.
- ``DELETE /_sandbox/requests``: empty the log (ids keep growing).
- ``GET /_sandbox/faults``, ``POST /_sandbox/faults``, ``DELETE /_sandbox/faults``: see what is set, add a
  fault, clear them. POST takes ``{"kind": "429", "times": 3, "retry_after": 2}`` (the next N requests;
  also ``ms`` for latency, ``status`` for html, ``method`` and ``path`` to pick requests; ``times: null``
  until cleared), ``{"kind": "503", "share": 0.25}`` (a share of all requests from now on, with
  ``seed`` to repeat a run) or ``{"spec": "503=0.05,latency=0.1"}`` (the ``--faults`` syntax).

All but health need the organization key (``Authorization: Key <org key>``): the sandbox's admin token,
so a sandbox listening beyond loopback does not hand its log (masked keys, bodies) to anyone. Requests to
these endpoints are never logged, faulted or rate limited.
"""

from __future__ import annotations

import json
import re
from typing import Any

from onesignal_desktop.sandbox.auth import require_org_key
from onesignal_desktop.sandbox.errors import bad_request, not_found
from onesignal_desktop.sandbox.faults import CONNECTION_KINDS, FaultConfig, FaultSpecError
from onesignal_desktop.sandbox.routing import INT64_MAX, Request, Response, Router
from onesignal_desktop.sandbox.store import iso
from onesignal_desktop.sandbox.store.request_log import RequestFilter, RequestLog

router = Router()

MAX_PAGE = 5000
FAULT_FIELDS = {"kind", "times", "share", "seed", "retry_after", "ms", "status", "method", "path", "spec"}


@router.get("/_sandbox/health")
def health(req: Request) -> Response:
    with req.ctx.store.read() as db:
        apps = int(db.execute("SELECT COUNT(*) FROM apps").fetchone()[0])
    log = req.ctx.request_log
    return Response.json(
        {
            "status": "ok",
            "apps": apps,
            "clock": iso(req.ctx.clock.now()),
            "clock_frozen": req.ctx.clock.frozen,
            "request_log": log.capacity if log is not None else 0,
        }
    )


def _log(req: Request) -> RequestLog:
    require_org_key(req)
    log = req.ctx.request_log
    if log is None:
        raise not_found("This sandbox keeps no request log (it was started with the request log off)")
    return log


def _filter(req: Request) -> RequestFilter:
    try:
        return RequestFilter(
            path=req.arg("path"), status=req.arg("status"), app_id=req.arg("app_id"), method=req.arg("method")
        )
    except ValueError as error:
        raise bad_request(str(error)) from None


@router.get("/_sandbox/requests")
def list_requests(req: Request) -> Response:
    log = _log(req)
    after_id = req.int_arg("after_id", default=0, minimum=0)
    limit = req.int_arg("limit", default=1000, minimum=1, maximum=MAX_PAGE)
    entries = log.page(after_id=after_id, limit=limit, where=_filter(req))
    stats = {**log.stats(), "capacity": log.capacity}
    last_id = entries[-1]["id"] if entries else max(after_id, 0)
    return Response.json({"requests": entries, "last_id": last_id, "log": stats})


@router.get("/_sandbox/requests/export")
def export_requests(req: Request) -> Response:
    log = _log(req)
    lines = [
        json.dumps(entry, ensure_ascii=False, separators=(",", ":")) for entry in log.iter_full(_filter(req))
    ]
    body = ("\n".join(lines) + "\n" if lines else "").encode()
    return Response(
        200,
        body,
        content_type="application/x-ndjson; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="sandbox-requests.jsonl"'},
    )


@router.get("/_sandbox/requests/{request_id}")
def get_request(req: Request) -> Response:
    log = _log(req)
    raw = req.params["request_id"]
    # ASCII digits only: str.isdigit() also takes "²", which int() refuses.
    if not re.fullmatch(r"[0-9]+", raw):
        raise bad_request(f"request_id must be a whole number, not {raw!r}")
    # A number past SQLite's 64-bit integers names no entry (and must not reach the store: OverflowError).
    entry = log.get(int(raw)) if len(raw) <= 19 and int(raw) <= INT64_MAX else None
    if entry is None:
        stats = log.stats()
        held = f"it holds {stats['first_id']}-{stats['last_id']}" if stats["count"] else "it is empty"
        shown = raw if len(raw) <= 24 else raw[:20] + "…"
        raise not_found(f"Request {shown} is not in the log ({held})")
    return Response.json(entry)


@router.delete("/_sandbox/requests")
def clear_requests(req: Request) -> Response:
    _log(req).clear()
    return Response.json({"success": True})


@router.get("/_sandbox/faults")
def get_faults(req: Request) -> Response:
    require_org_key(req)
    return Response.json(req.ctx.faults.describe())


@router.delete("/_sandbox/faults")
def clear_faults(req: Request) -> Response:
    require_org_key(req)
    req.ctx.faults.clear()
    return Response.json({"success": True, **req.ctx.faults.describe()})


@router.post("/_sandbox/faults")
def add_fault(req: Request) -> Response:
    require_org_key(req)
    body = req.json_object()
    unknown = sorted(set(body) - FAULT_FIELDS)
    if unknown:
        raise bad_request(
            f"Unknown field(s): {', '.join(unknown)} (known: {', '.join(sorted(FAULT_FIELDS))})"
        )
    faults = req.ctx.faults
    try:
        if "spec" in body:
            spec = body["spec"]
            if not isinstance(spec, str) or not spec.strip():
                raise bad_request("spec must be a fault spec string, e.g. 503=0.05,latency=0.1")
            faults.configure(FaultConfig.parse(spec))
        elif "share" in body:
            faults.configure(FaultConfig.parse(_share_spec(body)))
        else:
            kind = _kind(body)
            faults.inject(
                kind,
                times=body.get("times", 1),
                method=_optional_text(body, "method"),
                path=_optional_text(body, "path"),
                ms=_optional_number(body, "ms"),
                retry_after=_optional_number(body, "retry_after"),
                status=_optional_status(body),
            )
    except FaultSpecError as error:
        raise bad_request(str(error)) from None
    return Response.json({"success": True, **faults.describe()})


def _kind(body: dict[str, Any]) -> str:
    kind = body.get("kind")
    if isinstance(kind, int) and not isinstance(kind, bool):
        kind = str(kind)
    if not isinstance(kind, str) or not kind.strip():
        raise bad_request(f"kind is required: an HTTP status 4xx/5xx or one of {', '.join(CONNECTION_KINDS)}")
    return kind.strip().lower()


def _share_spec(body: dict[str, Any]) -> str:
    share = body.get("share")
    if isinstance(share, bool) or not isinstance(share, int | float) or not 0 <= share <= 1:
        raise bad_request(f"share must be a number from 0 to 1, not {json.dumps(share)}")
    if "times" in body:
        raise bad_request("give either times (the next N requests) or share (a share of them), not both")
    kind = _kind(body)
    parts = [f"{kind}={share}"]
    for option in ("ms", "retry_after", "status"):
        value = _optional_number(body, option)
        if value is not None:
            parts.append(f"{kind}.{option}={value}")
    seed = body.get("seed")
    if seed is not None:
        if isinstance(seed, bool) or not isinstance(seed, int):
            raise bad_request("seed must be a whole number")
        parts.append(f"seed={seed}")
    path = _optional_text(body, "path")
    if path:
        parts.append(f"paths={path}")
    return ",".join(parts)


def _optional_text(body: dict[str, Any], name: str) -> str | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise bad_request(f"{name} must be a non-empty string")
    return value.strip()


def _optional_number(body: dict[str, Any], name: str) -> float | None:
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise bad_request(f"{name} must be a number, 0 or more, not {json.dumps(value)}")
    return float(value)


def _optional_status(body: dict[str, Any]) -> int | None:
    value = body.get("status")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 100 <= value <= 599:
        raise bad_request(f"status must be an HTTP status code, not {json.dumps(value)}")
    return value


__all__ = ["router"]
