"""Templates: reusable push, email and SMS content of an app."""

from __future__ import annotations

from typing import Final, Literal, TypeAlias, get_args

from ._base import OneSignalModel
from .common import JsonObject, LanguageMap, SuccessResponse, Timestamp

TemplateChannel: TypeAlias = Literal["push", "email", "sms"]
TEMPLATE_CHANNELS: Final[tuple[str, ...]] = get_args(TemplateChannel)


class Template(OneSignalModel):
    """A template as view/create/update return it. ``channel`` is kept as a plain string (known values:
    TEMPLATE_CHANNELS); ``content`` holds the channel's fields (contents, headings, email_body, ...)."""

    id: str | None = None
    name: str | None = None
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None
    channel: str | None = None
    content: JsonObject | None = None


class TemplateList(OneSignalModel):
    """Body of GET /templates."""

    templates: list[Template] = []


class _TemplateContentFields(OneSignalModel):
    headings: LanguageMap | None = None
    subtitle: LanguageMap | None = None
    isEmail: bool | None = None
    email_subject: str | None = None
    email_body: str | None = None
    email_bcc: list[str] | None = None
    isSMS: bool | None = None
    dynamic_content: str | None = None


class CreateTemplateRequest(_TemplateContentFields):
    """Body of POST /templates."""

    app_id: str
    name: str
    contents: LanguageMap


class UpdateTemplateRequest(_TemplateContentFields):
    """Body of PATCH /templates/{template_id} (only what changes)."""

    name: str | None = None
    contents: LanguageMap | None = None


class DeleteTemplateResponse(SuccessResponse):
    """Answer of DELETE /templates/{template_id}."""


class CopyTemplateRequest(OneSignalModel):
    """Body of POST /templates/{template_id}/copy_to_app."""

    target_app_id: str
