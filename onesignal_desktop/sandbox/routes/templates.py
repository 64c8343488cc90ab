"""Templates: list (``?app_id=``, limit <= 50, channel), view, create, update, delete, copy to another app."""

from __future__ import annotations

from typing import Any

from onesignal_desktop.sandbox.auth import require_org_key
from onesignal_desktop.sandbox.errors import ApiError, app_not_found, bad_request
from onesignal_desktop.sandbox.routes._common import app_id_of, authorized_app, opt_bool, opt_str
from onesignal_desktop.sandbox.routing import Request, Response, Router
from onesignal_desktop.sandbox.store import Template

router = Router()

MAX_TEMPLATES_PAGE = 50
CHANNELS = ("push", "email", "sms")
LANGUAGE_MAPS = ("contents", "headings", "subtitle")
CONTENT_STRINGS = ("email_subject", "email_body", "dynamic_content")
MAX_BCC = 5


def template_not_found(template_id: str) -> ApiError:
    return ApiError(404, [f"Template '{template_id}' not found"])


def _language_map(body: dict[str, Any], name: str) -> dict[str, str] | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise bad_request(f'{name} must be an object of language codes to text, like {{"en": "Hello"}}')
    return dict(value)


def _content(body: dict[str, Any]) -> dict[str, Any]:
    content: dict[str, Any] = {}
    for name in LANGUAGE_MAPS:
        value = _language_map(body, name)
        if value is not None:
            content[name] = value
    for name in CONTENT_STRINGS:
        text = opt_str(body, name)
        if text is not None:
            content[name] = text
    bcc = body.get("email_bcc")
    if bcc is not None:
        if not isinstance(bcc, list) or not all(isinstance(x, str) for x in bcc):
            raise bad_request("email_bcc must be a list of email addresses")
        if len(bcc) > MAX_BCC:
            raise bad_request(f"email_bcc accepts at most {MAX_BCC} addresses")
        content["email_bcc"] = list(bcc)
    return content


def _channel(body: dict[str, Any]) -> str | None:
    is_email, is_sms = opt_bool(body, "isEmail"), opt_bool(body, "isSMS")
    if is_email and is_sms:
        raise bad_request("A template is either email (isEmail) or SMS (isSMS), not both")
    if is_email:
        return "email"
    if is_sms:
        return "sms"
    if is_email is False or is_sms is False:
        return "push"
    return None


def _check_channel_content(channel: str, content: dict[str, Any]) -> None:
    if channel == "email" and not (content.get("email_subject") and content.get("email_body")):
        raise ApiError(422, ["An email template needs email_subject and email_body"])
    if channel != "email" and not content.get("contents"):
        raise bad_request("contents is required")


def _template(req: Request) -> Template:
    app_id = authorized_app(req)
    template = req.ctx.store.get_template(app_id, req.params["template_id"])
    if template is None:
        raise template_not_found(req.params["template_id"])
    return template


@router.get("/templates")
def view_templates(req: Request) -> Response:
    app_id = authorized_app(req)
    limit = req.int_arg("limit", default=MAX_TEMPLATES_PAGE, minimum=1, maximum=MAX_TEMPLATES_PAGE)
    offset = req.int_arg("offset", default=0, minimum=0)
    channel = req.arg("channel")
    if channel is not None and channel not in CHANNELS:
        raise bad_request(f"channel must be one of {', '.join(CHANNELS)}")
    templates, total = req.ctx.store.list_templates(app_id, limit, offset, channel)
    return Response.json({"templates": [t.to_json() for t in templates], "total_count": total})


@router.post("/templates")
def create_template(req: Request) -> Response:
    body = req.json_object()
    app_id = authorized_app(req, body)
    name = opt_str(body, "name")
    if not name or not name.strip():
        raise bad_request("name is required")
    channel = _channel(body) or "push"
    content = _content(body)
    _check_channel_content(channel, content)
    template = req.ctx.store.create_template(app_id, name.strip(), channel, content, req.ctx.clock.now())
    return Response.json(template.to_json())


@router.get("/templates/{template_id}")
def view_template(req: Request) -> Response:
    return Response.json(_template(req).to_json())


@router.patch("/templates/{template_id}")
def update_template(req: Request) -> Response:
    template = _template(req)
    body = req.json_object()
    name = opt_str(body, "name")
    if name is not None and not name.strip():
        raise bad_request("name must not be empty")
    channel = _channel(body) or template.channel
    content = {**template.content, **_content(body)}
    _check_channel_content(channel, content)
    updated = req.ctx.store.update_template(
        template.app_id, template.id, req.ctx.clock.now(), name=name, channel=channel, content=content
    )
    assert updated is not None
    return Response.json(updated.to_json())


@router.delete("/templates/{template_id}")
def delete_template(req: Request) -> Response:
    template = _template(req)
    req.ctx.store.delete_template(template.app_id, template.id)
    return Response.json({"success": True})


@router.post("/templates/{template_id}/copy_to_app")
def copy_template_to_app(req: Request) -> Response:
    require_org_key(req)
    app_id = app_id_of(req)
    assert app_id is not None
    store = req.ctx.store
    if not store.app_exists(app_id):
        raise app_not_found(app_id)
    template = store.get_template(app_id, req.params["template_id"])
    if template is None:
        raise template_not_found(req.params["template_id"])
    target = opt_str(req.json_object(), "target_app_id")
    if not target:
        raise bad_request("target_app_id is required")
    if not store.app_exists(target):
        raise app_not_found(target)
    copy = store.create_template(
        target, template.name, template.channel, template.content, req.ctx.clock.now()
    )
    return Response.json(copy.to_json())
