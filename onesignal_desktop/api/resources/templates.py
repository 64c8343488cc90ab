"""Templates: reusable notification content (current API; app REST key)."""

from __future__ import annotations

from typing import Any

from onesignal_desktop.api._core import Body, ClientCore, Operation, to_payload
from onesignal_desktop.api.auth import KeyKind
from onesignal_desktop.api.errors import APIStatusError
from onesignal_desktop.api.models import (
    CopyTemplateRequest,
    CreateTemplateRequest,
    DeleteTemplateResponse,
    Template,
    TemplateList,
    UpdateTemplateRequest,
)
from onesignal_desktop.api.rate_budget import EndpointClass

__all__ = ["TemplateOperations"]

VIEW_TEMPLATES = Operation("view_templates", "GET", "/templates", KeyKind.APP, EndpointClass.VIEW_TEMPLATES)
VIEW_TEMPLATE = Operation(
    "view_template", "GET", "/templates/{template_id}", KeyKind.APP, EndpointClass.VIEW_TEMPLATES
)
CREATE_TEMPLATE = Operation("create_template", "POST", "/templates", KeyKind.APP)
UPDATE_TEMPLATE = Operation("update_template", "PATCH", "/templates/{template_id}", KeyKind.APP)
DELETE_TEMPLATE = Operation("delete_template", "DELETE", "/templates/{template_id}", KeyKind.APP)
# Copying reaches into another app, so OneSignal asks for the organization key, not an app's.
COPY_TEMPLATE_TO_APP = Operation(
    "copy_template_to_app", "POST", "/templates/{template_id}/copy_to_app", KeyKind.ORGANIZATION
)


class TemplateOperations(ClientCore):
    def view_templates(
        self, app_id: str, limit: int | None = None, offset: int | None = None, channel: str | None = None
    ) -> TemplateList:
        params = {"app_id": app_id, "limit": limit, "offset": offset, "channel": channel}
        return self._request(VIEW_TEMPLATES, app_id=app_id, params=params).model(TemplateList)

    def view_template(self, template_id: str, app_id: str) -> Template:
        return self._request(
            VIEW_TEMPLATE, app_id=app_id, path_params={"template_id": template_id}, params={"app_id": app_id}
        ).model(Template)

    def create_template(self, template: CreateTemplateRequest | Body) -> Template:
        """Create a template; the body carries ``app_id``, ``name`` and ``contents``."""
        payload: dict[str, Any] = to_payload(template)
        app_id = payload.get("app_id")
        return self._request(
            CREATE_TEMPLATE, app_id=app_id if isinstance(app_id, str) else None, body=payload
        ).model(Template)

    def update_template(
        self, template_id: str, app_id: str, template: UpdateTemplateRequest | Body
    ) -> Template:
        return self._request(
            UPDATE_TEMPLATE,
            app_id=app_id,
            path_params={"template_id": template_id},
            params={"app_id": app_id},
            body=to_payload(template),
        ).model(Template)

    def delete_template(self, template_id: str, app_id: str) -> DeleteTemplateResponse:
        reply = self._request(
            DELETE_TEMPLATE,
            app_id=app_id,
            path_params={"template_id": template_id},
            params={"app_id": app_id},
        )
        result = reply.model(DeleteTemplateResponse)
        if result.success is False:
            raise APIStatusError(
                "delete_template", ["the server reported success: false"], status=reply.status
            )
        return result

    def copy_template_to_app(
        self, template_id: str, app_id: str, request: CopyTemplateRequest | Body
    ) -> Template:
        """Copy the template of ``app_id`` into the app ``{"target_app_id": ...}`` (same organization);
        returns the new copy."""
        return self._request(
            COPY_TEMPLATE_TO_APP,
            app_id=app_id,
            path_params={"template_id": template_id},
            params={"app_id": app_id},
            body=to_payload(request),
        ).model(Template)
