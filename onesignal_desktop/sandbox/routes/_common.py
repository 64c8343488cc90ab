"""Validation helpers shared by the route modules (not a routes module itself: the leading underscore)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from onesignal_desktop.sandbox.auth import require_app_key
from onesignal_desktop.sandbox.errors import ApiError, bad_request, invalid_app_id
from onesignal_desktop.sandbox.routing import Request

MAX_TAGS_PER_CALL = 100
#: The store keeps integers in SQLite's signed 64-bit INTEGER.
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
#: Latitude and longitude in degrees, as a location can have them.
COORDINATE_RANGES: dict[str, tuple[float | None, float | None]] = {
    "lat": (-90.0, 90.0),
    "long": (-180.0, 180.0),
}


def app_id_of(req: Request, body: Mapping[str, Any] | None = None, *, required: bool = True) -> str | None:
    """The app id from the query (``?app_id=``) or the JSON body; 400 like OneSignal when missing."""
    app_id = req.arg("app_id")
    if not app_id and body is not None:
        value = body.get("app_id")
        app_id = value if isinstance(value, str) else None
    if not app_id:
        if required:
            raise invalid_app_id()
        return None
    return app_id


def authorized_app(req: Request, body: Mapping[str, Any] | None = None) -> str:
    """``app_id_of`` + ``require_app_key``: the app the caller may act on."""
    app_id = app_id_of(req, body)
    assert app_id is not None
    require_app_key(req, app_id)
    return app_id


def opt_str(body: Mapping[str, Any], name: str) -> str | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise bad_request(f"{name} must be a string")
    return value


def req_str(body: Mapping[str, Any], name: str) -> str:
    value = opt_str(body, name)
    if value is None or not value.strip():
        raise bad_request(f"{name} is required")
    return value


def opt_int(
    body: Mapping[str, Any], name: str, *, minimum: int = INT64_MIN, maximum: int = INT64_MAX
) -> int | None:
    """An integer field (a whole float or a numeric string is taken too); 400 naming the field when it is
    not one or lies outside ``minimum..maximum`` (by default the store's 64-bit range)."""
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise bad_request(f"{name} must be an integer")
    number = value if isinstance(value, int) else _whole_number(value, name)
    if not minimum <= number <= maximum:
        raise bad_request(f"{name} must be between {minimum} and {maximum}")
    return number


def _whole_number(value: float | str, name: str) -> int:
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            pass
        try:
            value = float(value)
        except ValueError:
            raise bad_request(f"{name} must be an integer") from None
    if not math.isfinite(value):
        raise bad_request(f"{name} is out of range")
    if not value.is_integer():
        raise bad_request(f"{name} must be an integer")
    return int(value)


def opt_float(
    body: Mapping[str, Any], name: str, *, minimum: float | None = None, maximum: float | None = None
) -> float | None:
    """A number field; 400 naming the field when it is not a finite number within ``minimum..maximum``
    (JSON like ``1e400`` parses to infinity, which the store and JSON answers cannot hold)."""
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise bad_request(f"{name} must be a number")
    try:
        number = float(value)
    except (ValueError, OverflowError):
        raise bad_request(f"{name} must be a number") from None
    if not math.isfinite(number):
        raise bad_request(f"{name} is out of range")
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        low = "" if minimum is None else f"{minimum:g}"
        high = "" if maximum is None else f"{maximum:g}"
        raise bad_request(f"{name} must be between {low or '-inf'} and {high or 'inf'}")
    return number


def opt_bool(body: Mapping[str, Any], name: str) -> bool | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, bool):
        raise bad_request(f"{name} must be true or false")
    return value


def opt_object(body: Mapping[str, Any], name: str) -> dict[str, Any] | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, dict):
        raise bad_request(f"{name} must be an object")
    return value


def tags_of(value: Any) -> dict[str, str | None]:
    """Tags as OneSignal takes them: flat string keys; scalar values (stringified); "" or null deletes."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise bad_request("tags must be an object of key-value pairs")
    if len(value) > MAX_TAGS_PER_CALL:
        raise bad_request(f"A maximum of {MAX_TAGS_PER_CALL} tags can be set per call")
    tags: dict[str, str | None] = {}
    for key, item in value.items():
        if isinstance(item, dict | list):
            raise bad_request(
                f"Tag '{key}' must be a string, number or boolean (nested values are not allowed)"
            )
        if item is None or item == "":
            tags[str(key)] = None
        elif isinstance(item, bool):
            tags[str(key)] = "true" if item else "false"
        else:
            tags[str(key)] = str(item)
    return tags


def conflict_error(title: str, code: str, conflicting: Mapping[str, str] | None = None) -> ApiError:
    """The user model's 409 shape: ``{"errors": [{"code", "title", "meta": {"conflicting_aliases"}}]}``."""
    item: dict[str, Any] = {"code": code, "title": title}
    if conflicting:
        item["meta"] = {"conflicting_aliases": dict(conflicting)}
    return ApiError(409, [item])
