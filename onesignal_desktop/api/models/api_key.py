"""App API keys (REST keys), managed with the organization key."""

from __future__ import annotations

from typing import Final, Literal, TypeAlias, get_args

from ._base import OneSignalModel
from .common import Credential, SuccessResponse, Timestamp

IpAllowlistMode: TypeAlias = Literal["disabled", "explicit"]
IP_ALLOWLIST_MODES: Final[tuple[str, ...]] = get_args(IpAllowlistMode)


class ApiKey(OneSignalModel):
    """One key as listed (its secret is never listed, only its id and settings). ``ip_allowlist_mode``
    is kept as a plain string (known values: IP_ALLOWLIST_MODES)."""

    token_id: str | None = None
    name: str | None = None
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None
    ip_allowlist_mode: str | None = None
    ip_allowlist: list[str] | None = None


class ApiKeyList(OneSignalModel):
    """Body of GET /apps/{app_id}/auth/tokens."""

    tokens: list[ApiKey] = []


class CreateApiKeyRequest(OneSignalModel):
    name: str | None = None
    ip_allowlist_mode: IpAllowlistMode | None = None
    ip_allowlist: list[str] | None = None


class UpdateApiKeyRequest(OneSignalModel):
    name: str | None = None
    ip_allowlist_mode: IpAllowlistMode | None = None
    ip_allowlist: list[str] | None = None


class CreateApiKeyResponse(OneSignalModel):
    """Answer of create: ``formatted_token`` is the key itself, shown once; it never appears in ``repr``."""

    token_id: str | None = None
    formatted_token: Credential = None


class RotateApiKeyResponse(CreateApiKeyResponse):
    """Answer of rotate: the same key id with a new ``formatted_token`` (the old one stops working)."""


class UpdateApiKeyResponse(SuccessResponse):
    """Answer of PATCH .../auth/tokens/{token_id} (an object the spec leaves open)."""


class DeleteApiKeyResponse(SuccessResponse):
    """Answer of DELETE .../auth/tokens/{token_id} (an object the spec leaves open)."""
