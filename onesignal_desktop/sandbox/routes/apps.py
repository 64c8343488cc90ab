"""Apps (organization key): list, create (answers the new app's ``basic_auth_key``), get, update."""

from __future__ import annotations

from typing import Any

from onesignal_desktop.sandbox.auth import require_org_key
from onesignal_desktop.sandbox.errors import app_not_found, bad_request
from onesignal_desktop.sandbox.routing import Request, Response, Router
from onesignal_desktop.sandbox.store import App

router = Router()

# Fields OneSignal reports back; secrets (p12, p8, gcm key...) are accepted but never echoed.
SETTINGS_ECHOED = {
    "android_gcm_sender_id",
    "chrome_web_origin",
    "chrome_web_default_notification_icon",
    "chrome_web_sub_domain",
    "apns_env",
    "apns_key_id",
    "apns_team_id",
    "apns_bundle_id",
    "safari_site_origin",
    "safari_push_id",
    "safari_icon_16_16",
    "safari_icon_32_32",
    "safari_icon_64_64",
    "safari_icon_128_128",
    "safari_icon_256_256",
    "site_name",
    "additional_data_is_root_payload",
}
SETTINGS_ACCEPTED = SETTINGS_ECHOED | {
    "gcm_key",
    "chrome_key",
    "apns_p12",
    "apns_p12_password",
    "apns_p8",
    "safari_apns_p12",
    "safari_apns_p12_password",
}
STRING_SETTINGS = SETTINGS_ACCEPTED - {"additional_data_is_root_payload"}


def app_json(req: Request, app: App) -> dict[str, Any]:
    data = app.to_json(basic_auth_key=req.ctx.keys.legacy_app_key(app.id))
    for name in list(data):
        if name in SETTINGS_ACCEPTED and name not in SETTINGS_ECHOED:
            del data[name]
    return data


def _settings(body: dict[str, Any]) -> dict[str, Any]:
    settings: dict[str, Any] = {}
    for name, value in body.items():
        if name not in SETTINGS_ACCEPTED or value is None:
            continue
        if name in STRING_SETTINGS and not isinstance(value, str):
            raise bad_request(f"{name} must be a string")
        if name == "additional_data_is_root_payload" and not isinstance(value, bool):
            raise bad_request(f"{name} must be a boolean")
        if name == "apns_env" and value not in ("sandbox", "production"):
            raise bad_request("apns_env must be 'sandbox' or 'production'")
        settings[name] = value
    return settings


@router.get("/apps")
def list_apps(req: Request) -> Response:
    require_org_key(req)
    return Response.json([app_json(req, app) for app in req.ctx.store.list_apps()])


@router.post("/apps")
def create_app(req: Request) -> Response:
    require_org_key(req)
    body = req.json_object()
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        raise bad_request("name is required")
    ctx = req.ctx
    app = ctx.store.create_app(name.strip(), ctx.organization_id, ctx.clock.now(), _settings(body))
    ctx.store.create_default_segments(app.id, ctx.clock.now())
    return Response.json(app_json(req, app))


@router.get("/apps/{app_id}")
def get_app(req: Request) -> Response:
    require_org_key(req)
    app_id = req.params["app_id"]

    def answer() -> bytes | None:
        app = req.ctx.store.get_app(app_id)
        return None if app is None else Response.json(app_json(req, app)).body

    # The answer's bytes, remembered until the next write to the store: polled by every console tab
    # that shows the current app, it is the sandbox's most frequent request.
    body: bytes | None = req.ctx.store.cached("app_answer", app_id, answer)
    if body is None:
        raise app_not_found(app_id)
    return Response(200, body)


@router.put("/apps/{app_id}")
def update_app(req: Request) -> Response:
    require_org_key(req)
    app_id = req.params["app_id"]
    body = req.json_object()
    name = body.get("name")
    if name is not None and (not isinstance(name, str) or not name.strip()):
        raise bad_request("name must be a non-empty string")
    app = req.ctx.store.update_app(
        app_id, req.ctx.clock.now(), name.strip() if isinstance(name, str) else None, _settings(body)
    )
    if app is None:
        raise app_not_found(app_id)
    return Response.json(app_json(req, app))
