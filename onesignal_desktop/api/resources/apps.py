"""Apps: list, read, create and change apps (organization key)."""

from __future__ import annotations

from onesignal_desktop.api._core import Body, ClientCore, Operation, to_payload
from onesignal_desktop.api.auth import KeyKind
from onesignal_desktop.api.models import App, AppList, CreateAppRequest

__all__ = ["AppOperations"]

GET_APPS = Operation("get_apps", "GET", "/apps", KeyKind.ORGANIZATION)
GET_APP = Operation("get_app", "GET", "/apps/{app_id}", KeyKind.ORGANIZATION)
CREATE_APP = Operation("create_app", "POST", "/apps", KeyKind.ORGANIZATION)
UPDATE_APP = Operation("update_app", "PUT", "/apps/{app_id}", KeyKind.ORGANIZATION)


class AppOperations(ClientCore):
    def get_apps(self) -> list[App]:
        return self._request(GET_APPS).model(AppList).root

    def get_app(self, app_id: str) -> App:
        return self._request(GET_APP, app_id=app_id, path_params={"app_id": app_id}).model(App)

    def create_app(self, app: CreateAppRequest | App | Body) -> App:
        return self._request(CREATE_APP, body=to_payload(app)).model(App)

    def update_app(self, app_id: str, app: App | Body) -> App:
        return self._request(
            UPDATE_APP, app_id=app_id, path_params={"app_id": app_id}, body=to_payload(app)
        ).model(App)
