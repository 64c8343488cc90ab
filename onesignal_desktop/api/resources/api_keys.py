"""App API keys (REST keys): list, create, change, rotate, delete (organization key)."""

from __future__ import annotations

from onesignal_desktop.api._core import Body, ClientCore, Operation, to_payload
from onesignal_desktop.api.auth import KeyKind
from onesignal_desktop.api.models import (
    ApiKeyList,
    CreateApiKeyRequest,
    CreateApiKeyResponse,
    DeleteApiKeyResponse,
    RotateApiKeyResponse,
    UpdateApiKeyRequest,
    UpdateApiKeyResponse,
)

__all__ = ["ApiKeyOperations"]

_PATH = "/apps/{app_id}/auth/tokens"
VIEW_API_KEYS = Operation("view_api_keys", "GET", _PATH, KeyKind.ORGANIZATION)
CREATE_API_KEY = Operation("create_api_key", "POST", _PATH, KeyKind.ORGANIZATION)
UPDATE_API_KEY = Operation("update_api_key", "PATCH", _PATH + "/{token_id}", KeyKind.ORGANIZATION)
ROTATE_API_KEY = Operation("rotate_api_key", "POST", _PATH + "/{token_id}/rotate", KeyKind.ORGANIZATION)
DELETE_API_KEY = Operation("delete_api_key", "DELETE", _PATH + "/{token_id}", KeyKind.ORGANIZATION)


class ApiKeyOperations(ClientCore):
    def view_api_keys(self, app_id: str) -> ApiKeyList:
        return self._request(VIEW_API_KEYS, app_id=app_id, path_params={"app_id": app_id}).model(ApiKeyList)

    def create_api_key(self, app_id: str, request: CreateApiKeyRequest | Body) -> CreateApiKeyResponse:
        """A new REST key; ``formatted_token`` is the key itself and is shown only this once."""
        return self._request(
            CREATE_API_KEY, app_id=app_id, path_params={"app_id": app_id}, body=to_payload(request)
        ).model(CreateApiKeyResponse)

    def update_api_key(
        self, app_id: str, token_id: str, request: UpdateApiKeyRequest | Body
    ) -> UpdateApiKeyResponse:
        return self._request(
            UPDATE_API_KEY,
            app_id=app_id,
            path_params={"app_id": app_id, "token_id": token_id},
            body=to_payload(request),
        ).model(UpdateApiKeyResponse, lenient=True)

    def rotate_api_key(self, app_id: str, token_id: str) -> RotateApiKeyResponse:
        """Replaces the key's secret; the old one stops working. The new secret is shown only this once."""
        return self._request(
            ROTATE_API_KEY, app_id=app_id, path_params={"app_id": app_id, "token_id": token_id}
        ).model(RotateApiKeyResponse)

    def delete_api_key(self, app_id: str, token_id: str) -> DeleteApiKeyResponse:
        return self._request(
            DELETE_API_KEY, app_id=app_id, path_params={"app_id": app_id, "token_id": token_id}
        ).model(DeleteApiKeyResponse, lenient=True)
