"""Apps: one OneSignal app with its platform credentials (managed with the organization key)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final, Literal, TypeAlias, get_args

from pydantic import RootModel

from ._base import OneSignalModel
from .common import Credential, Timestamp

ApnsEnv: TypeAlias = Literal["sandbox", "production"]
APNS_ENVS: Final[tuple[str, ...]] = get_args(ApnsEnv)


class App(OneSignalModel):
    """An app, as returned by GET /apps and sent to create/update it.

    Credentials (APNs certificate and p8 key, FCM/GCM server keys, Huawei secret, basic_auth_key) are
    hidden from ``repr``. ``apns_env`` is kept as a plain string so a value this console does not know
    (see APNS_ENVS) never breaks parsing.
    """

    id: str | None = None
    name: str | None = None
    organization_id: str | None = None
    players: int | None = None
    messageable_players: int | None = None
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None
    site_name: str | None = None
    additional_data_is_root_payload: bool | None = None
    basic_auth_key: Credential = None

    # Apple (certificate or token based).
    apns_env: str | None = None
    apns_p12: Credential = None
    apns_p12_password: Credential = None
    apns_certificates: Credential = None
    apns_key_id: str | None = None
    apns_team_id: str | None = None
    apns_bundle_id: str | None = None
    apns_p8: Credential = None

    # Google / Android.
    android_gcm_sender_id: str | None = None
    gcm_key: Credential = None
    fcm_v1_service_account_json: Credential = None

    # Huawei: not in the published spec; the dashboard's Huawei settings, kept typed when present.
    huawei_app_id: str | None = None
    huawei_app_secret: Credential = None

    # Chrome / web push.
    chrome_web_origin: str | None = None
    chrome_key: Credential = None
    chrome_web_default_notification_icon: str | None = None
    chrome_web_sub_domain: str | None = None

    # Safari.
    safari_site_origin: str | None = None
    safari_push_id: str | None = None
    safari_apns_certificates: Credential = None
    safari_apns_p12: Credential = None
    safari_apns_p12_password: Credential = None
    safari_icon_16_16: str | None = None
    safari_icon_32_32: str | None = None
    safari_icon_64_64: str | None = None
    safari_icon_128_128: str | None = None
    safari_icon_256_256: str | None = None


class CreateAppRequest(App):
    """Body of POST /apps: ``name`` is mandatory (``organization_id`` places it in an organization)."""

    name: str


class AppList(RootModel[list[App]]):
    """Body of GET /apps: a bare JSON array of apps."""

    def __iter__(self) -> Iterator[App]:  # type: ignore[override]
        return iter(self.root)

    def __len__(self) -> int:
        return len(self.root)

    def __getitem__(self, index: int) -> App:
        return self.root[index]
