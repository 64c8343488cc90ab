"""App API keys (organization key): list, create, update, rotate, delete.

A created or rotated key authenticates that app's calls at once; a deleted or rotated-away key stops
working at once. Only a SHA-256 of each key is stored; the key itself is shown once, in the answer.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from onesignal_desktop.sandbox.auth import APP_KEY_PREFIX, generate_key, hash_key, require_org_key
from onesignal_desktop.sandbox.errors import ApiError, app_not_found, bad_request
from onesignal_desktop.sandbox.routes._common import opt_str
from onesignal_desktop.sandbox.routing import Request, Response, Router

router = Router()

TOKENS = "/apps/{app_id}/auth/tokens"
MODES = ("disabled", "explicit")


def _app_id(req: Request) -> str:
    require_org_key(req)
    app_id = req.params["app_id"]
    if not req.ctx.store.app_exists(app_id):
        raise app_not_found(app_id)
    return app_id


def _allowlist(body: dict[str, Any]) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    mode = opt_str(body, "ip_allowlist_mode")
    if mode is not None:
        if mode not in MODES:
            raise bad_request(f"ip_allowlist_mode must be one of {', '.join(MODES)}")
        changes["ip_allowlist_mode"] = mode
    allowlist = body.get("ip_allowlist")
    if allowlist is not None:
        if not isinstance(allowlist, list) or not all(isinstance(x, str) for x in allowlist):
            raise bad_request("ip_allowlist must be a list of IP addresses or CIDR ranges")
        for entry in allowlist:
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError:
                raise bad_request(f"Invalid IP address or range in ip_allowlist: {entry}") from None
        changes["ip_allowlist"] = list(allowlist)
    return changes


def token_not_found(token_id: str) -> ApiError:
    return ApiError(404, [f"API key '{token_id}' not found"])


@router.get(TOKENS)
def view_api_keys(req: Request) -> Response:
    app_id = _app_id(req)
    return Response.json({"tokens": [key.to_json() for key in req.ctx.store.list_api_keys(app_id)]})


@router.post(TOKENS)
def create_api_key(req: Request) -> Response:
    app_id = _app_id(req)
    body = req.json_object()
    name = opt_str(body, "name")
    if not name or not name.strip():
        raise bad_request("name is required")
    options = _allowlist(body)
    key = generate_key(APP_KEY_PREFIX)
    record = req.ctx.store.create_api_key(app_id, name.strip(), hash_key(key), req.ctx.clock.now(), **options)
    return Response.json({"token_id": record.token_id, "formatted_token": key})


@router.patch(TOKENS + "/{token_id}")
def update_api_key(req: Request) -> Response:
    app_id = _app_id(req)
    body = req.json_object()
    changes = _allowlist(body)
    name = opt_str(body, "name")
    if name is not None:
        if not name.strip():
            raise bad_request("name must not be empty")
        changes["name"] = name.strip()
    if req.ctx.store.update_api_key(app_id, req.params["token_id"], req.ctx.clock.now(), **changes) is None:
        raise token_not_found(req.params["token_id"])
    return Response.json({})


@router.post(TOKENS + "/{token_id}/rotate")
def rotate_api_key(req: Request) -> Response:
    app_id = _app_id(req)
    token_id = req.params["token_id"]
    key = generate_key(APP_KEY_PREFIX)
    if req.ctx.store.update_api_key(app_id, token_id, req.ctx.clock.now(), key_hash=hash_key(key)) is None:
        raise token_not_found(token_id)
    return Response.json({"token_id": token_id, "formatted_token": key})


@router.delete(TOKENS + "/{token_id}")
def delete_api_key(req: Request) -> Response:
    app_id = _app_id(req)
    if not req.ctx.store.delete_api_key(app_id, req.params["token_id"]):
        raise token_not_found(req.params["token_id"])
    return Response.json({})
