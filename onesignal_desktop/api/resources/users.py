"""Users and their aliases (current API; app REST key).

Users are addressed by an alias: ``alias_label`` ("external_id", "onesignal_id" or a custom label) and
``alias_id``. Writes to one user are limited to about 1/s, so they also draw on a per-user budget.
"""

from __future__ import annotations

from onesignal_desktop.api._core import Body, ClientCore, Operation, to_payload
from onesignal_desktop.api.auth import KeyKind
from onesignal_desktop.api.models import EmptyResponse, PropertiesBody, UpdateUserRequest, User, UserIdentity
from onesignal_desktop.api.rate_budget import EndpointClass

__all__ = ["UserOperations"]

_USER = "/apps/{app_id}/users/by/{alias_label}/{alias_id}"
CREATE_USER = Operation("create_user", "POST", "/apps/{app_id}/users", KeyKind.APP, EndpointClass.USERS)
GET_USER = Operation("get_user", "GET", _USER, KeyKind.APP, EndpointClass.VIEW_USERS)
UPDATE_USER = Operation("update_user", "PATCH", _USER, KeyKind.APP, EndpointClass.USERS)
DELETE_USER = Operation("delete_user", "DELETE", _USER, KeyKind.APP, EndpointClass.USERS)
GET_ALIASES = Operation("get_aliases", "GET", _USER + "/identity", KeyKind.APP, EndpointClass.VIEW_USERS)
CREATE_ALIAS = Operation("create_alias", "PATCH", _USER + "/identity", KeyKind.APP, EndpointClass.USERS)
DELETE_ALIAS = Operation(
    "delete_alias", "DELETE", _USER + "/identity/{alias_label_to_delete}", KeyKind.APP, EndpointClass.USERS
)
_OWNER_IDENTITY = "/apps/{app_id}/subscriptions/{subscription_id}/user/identity"
GET_ALIASES_BY_SUBSCRIPTION = Operation(
    "get_aliases_by_subscription", "GET", _OWNER_IDENTITY, KeyKind.APP, EndpointClass.VIEW_USERS
)
CREATE_ALIAS_BY_SUBSCRIPTION = Operation(
    "create_alias_by_subscription", "PATCH", _OWNER_IDENTITY, KeyKind.APP, EndpointClass.USERS
)


def _user_path(app_id: str, alias_label: str, alias_id: str) -> dict[str, str]:
    return {"app_id": app_id, "alias_label": alias_label, "alias_id": alias_id}


class UserOperations(ClientCore):
    def create_user(self, app_id: str, user: User | Body) -> User:
        """Create (or, for an existing alias, update and return) a user with identity, properties and
        subscriptions."""
        return self._request(
            CREATE_USER, app_id=app_id, path_params={"app_id": app_id}, body=to_payload(user)
        ).model(User)

    def get_user(self, app_id: str, alias_label: str, alias_id: str) -> User:
        return self._request(
            GET_USER, app_id=app_id, path_params=_user_path(app_id, alias_label, alias_id)
        ).model(User)

    def update_user(
        self, app_id: str, alias_label: str, alias_id: str, request: UpdateUserRequest | Body
    ) -> PropertiesBody:
        return self._request(
            UPDATE_USER,
            app_id=app_id,
            path_params=_user_path(app_id, alias_label, alias_id),
            body=to_payload(request),
            record=f"{alias_label}:{alias_id}",
        ).model(PropertiesBody)

    def delete_user(self, app_id: str, alias_label: str, alias_id: str) -> EmptyResponse:
        return self._request(
            DELETE_USER,
            app_id=app_id,
            path_params=_user_path(app_id, alias_label, alias_id),
            record=f"{alias_label}:{alias_id}",
        ).model(EmptyResponse, lenient=True)

    def get_aliases(self, app_id: str, alias_label: str, alias_id: str) -> UserIdentity:
        return self._request(
            GET_ALIASES, app_id=app_id, path_params=_user_path(app_id, alias_label, alias_id)
        ).model(UserIdentity)

    def create_alias(
        self, app_id: str, alias_label: str, alias_id: str, identity: UserIdentity | Body
    ) -> UserIdentity:
        """Add aliases (``{"identity": {"label": "id"}}``) to the user; returns all its aliases."""
        return self._request(
            CREATE_ALIAS,
            app_id=app_id,
            path_params=_user_path(app_id, alias_label, alias_id),
            body=to_payload(identity),
            record=f"{alias_label}:{alias_id}",
        ).model(UserIdentity)

    def delete_alias(
        self, app_id: str, alias_label: str, alias_id: str, alias_label_to_delete: str
    ) -> UserIdentity | None:
        """Remove one alias; returns the aliases left, or ``None`` when an earlier attempt removed it and
        its answer (the list) was lost, so the retry found nothing to remove."""
        path_params = _user_path(app_id, alias_label, alias_id)
        path_params["alias_label_to_delete"] = alias_label_to_delete
        reply = self._request(
            DELETE_ALIAS, app_id=app_id, path_params=path_params, record=f"{alias_label}:{alias_id}"
        )
        return None if reply.stands_in else reply.model(UserIdentity)

    def get_aliases_by_subscription(self, app_id: str, subscription_id: str) -> UserIdentity:
        """The aliases of the user who owns the subscription (how to find a user from a device)."""
        return self._request(
            GET_ALIASES_BY_SUBSCRIPTION,
            app_id=app_id,
            path_params={"app_id": app_id, "subscription_id": subscription_id},
        ).model(UserIdentity)

    def create_alias_by_subscription(
        self, app_id: str, subscription_id: str, identity: UserIdentity | Body
    ) -> UserIdentity:
        """Add aliases (``{"identity": {"label": "id"}}``) to the user who owns the subscription; returns
        all that user's aliases."""
        return self._request(
            CREATE_ALIAS_BY_SUBSCRIPTION,
            app_id=app_id,
            path_params={"app_id": app_id, "subscription_id": subscription_id},
            body=to_payload(identity),
            record=subscription_id,
        ).model(UserIdentity)
