"""Keys and their checks, the way OneSignal does them.

- The organization key (``os_v2_org_...``) manages apps and API keys.
- An app's REST keys (``os_v2_app_...``) authorize that app's calls. Every app has its legacy key
  (``basic_auth_key``), derived as an HMAC of a server secret and the app id, so it is never stored yet can
  be shown by GET /apps; API keys created through ``/apps/{app_id}/auth/tokens`` are stored only as hashes.
- ``Authorization: Key <key>``, ``Basic <key>`` and ``Bearer <key>`` (also ``Bearer token="<key>"``) are
  accepted.

Handlers call :func:`require_org_key` or :func:`require_app_key`; both raise the right ApiError.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import os
import secrets
from pathlib import Path
from typing import TYPE_CHECKING

from onesignal_desktop.sandbox.errors import access_denied, app_not_found, missing_auth

if TYPE_CHECKING:
    from onesignal_desktop.sandbox.routing import Request
    from onesignal_desktop.sandbox.store import Store

ORG_KEY_PREFIX = "os_v2_org_"
APP_KEY_PREFIX = "os_v2_app_"
SECRET_FILE = "server_secret"
ORG_KEY_FILE = "org_key"
SCHEMES = ("key", "basic", "bearer")


def _base32(raw: bytes) -> str:
    """52 lowercase base32 characters from 32 bytes, the shape of OneSignal's v2 keys."""
    return base64.b32encode(raw).decode().rstrip("=").lower()[:52]


def generate_key(prefix: str) -> str:
    return prefix + _base32(secrets.token_bytes(32))


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def write_private(path: Path, text: str) -> None:
    """Write a file only its owner can read (created 0600, never world-readable even briefly)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(path, 0o600)


def load_or_create_secret(data_dir: Path, filename: str, factory: str) -> str:
    path = data_dir / filename
    if path.exists():
        value = path.read_text(encoding="utf-8").strip()
        if value:
            return value
    write_private(path, factory)
    return factory


def parse_authorization(header: str | None) -> str | None:
    """The key in an Authorization header, or None when there is none in a known scheme."""
    if not header:
        return None
    scheme, _, rest = header.strip().partition(" ")
    if scheme.lower() not in SCHEMES:
        return None
    value = rest.strip()
    if value.lower().startswith("token="):
        value = value[len("token=") :].strip().strip('"')
    return value or None


class KeyRing:
    """The organization key and the server secret; checks app keys against derivation and the store."""

    def __init__(self, data_dir: Path, org_key: str | None, store: Store) -> None:
        self._store = store
        self._secret = load_or_create_secret(data_dir, SECRET_FILE, secrets.token_hex(32)).encode()
        if org_key:
            # Given by the caller: accepted, but written nowhere.
            self._org_key = org_key
        else:
            self._org_key = load_or_create_secret(data_dir, ORG_KEY_FILE, generate_key(ORG_KEY_PREFIX))
        self._legacy_cache: dict[str, str] = {}

    @property
    def org_key(self) -> str:
        return self._org_key

    def __repr__(self) -> str:
        return "KeyRing(<keys hidden>)"

    def is_org_key(self, key: str) -> bool:
        return hmac.compare_digest(key.encode(), self._org_key.encode())

    def signature(self, message: str) -> str:
        """HMAC(server secret, message) in hex: signs tokens the sandbox hands out (unsubscribe links)."""
        return hmac.new(self._secret, message.encode(), hashlib.sha256).hexdigest()

    def legacy_app_key(self, app_id: str) -> str:
        """The app's ``basic_auth_key``: HMAC(server secret, app id), never stored."""
        cached = self._legacy_cache.get(app_id)
        if cached is None:
            digest = hmac.new(self._secret, f"app-rest-key:{app_id}".encode(), hashlib.sha256).digest()
            cached = APP_KEY_PREFIX + _base32(digest)
            self._legacy_cache[app_id] = cached
        return cached

    def is_app_key(self, app_id: str, key: str, client_ip: str | None = None) -> bool:
        """True for the app's legacy key or one of its API keys (honouring that key's IP allowlist)."""
        if hmac.compare_digest(key.encode(), self.legacy_app_key(app_id).encode()):
            return True
        record = self._store.find_api_key_by_hash(app_id, hash_key(key))
        if record is None:
            return False
        if record.ip_allowlist_mode != "explicit":
            return True
        return client_ip is not None and ip_allowed(client_ip, record.ip_allowlist)


def ip_allowed(client_ip: str, allowlist: list[str]) -> bool:
    try:
        address = ipaddress.ip_address(client_ip)
    except ValueError:
        return False
    for entry in allowlist:
        try:
            if address in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def request_key(req: Request) -> str:
    key = parse_authorization(req.header("Authorization"))
    if key is None:
        raise missing_auth()
    return key


def require_org_key(req: Request) -> None:
    """Refuse unless the request carries the organization key (400 when missing, 403 when wrong)."""
    key = request_key(req)
    if not req.ctx.keys.is_org_key(key):
        raise access_denied()


def require_app_key(req: Request, app_id: str) -> None:
    """Refuse unless the request carries a REST key of ``app_id``; 404 for an unknown app with a key."""
    key = request_key(req)
    if not req.ctx.store.app_exists(app_id):
        raise app_not_found(app_id)
    if not req.ctx.keys.is_app_key(app_id, key, req.client_ip):
        raise access_denied()
