"""Opening a connection: the API client for a profile, or the local sandbox when there is none.

The console's own sandbox runs in a child process (sandbox/process.py says why); tests and benchmarks
may hand in a sandbox they run themselves.

Everything here blocks (keyring reads, starting the sandbox): run it through the bridge.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from onesignal_desktop.keystore import KeyRef, KeyStore
from onesignal_desktop.ui.shell.profiles import SANDBOX_PROFILE, Profile

if TYPE_CHECKING:
    from onesignal_desktop.api import OneSignalClient
    from onesignal_desktop.sandbox.process import SandboxProcess


@dataclass
class Connection:
    """A live connection: the profile, its client, and the sandbox it runs on (if local)."""

    profile: Profile
    client: OneSignalClient
    keystore: KeyStore
    sandbox: Any = None
    owns_sandbox: bool = False
    app_key: Callable[[str], str | None] = field(default=lambda app_id: None, repr=False)
    closed: bool = field(default=False, init=False)

    @property
    def base_url(self) -> str:
        return str(self.sandbox.base_url) if self.sandbox is not None else self.profile.base_url

    @property
    def is_sandbox(self) -> bool:
        return self.profile.sandbox

    def key_ref(self, app_id: str | None = None) -> KeyRef:
        name = self.profile.name
        return KeyRef.organization(name) if app_id is None else KeyRef.app(name, app_id)

    def store_key(self, ref: KeyRef, secret: str) -> None:
        """Keep a key: in the keyring for a OneSignal profile, in memory only for the sandbox."""
        if self.is_sandbox:
            self.keystore.remember(ref, secret)
        else:
            self.keystore.set(ref, secret)
        if ref.app_id is None:
            self.client.credentials.set_organization_key(secret)

    def remove_key(self, ref: KeyRef) -> None:
        self.keystore.delete(ref)
        if ref.app_id is None:
            self.client_set_organization_key(None)

    def client_set_organization_key(self, secret: str | None) -> None:
        self.client.credentials.set_organization_key(secret)

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        self.client.close()
        if self.sandbox is not None and self.owns_sandbox:
            self.sandbox.stop()


def open_profile(profile: Profile, keystore: KeyStore) -> Connection:
    from onesignal_desktop.api import OneSignalClient

    def app_key(app_id: str) -> str | None:
        return keystore.get(KeyRef.app(profile.name, app_id))

    client = OneSignalClient(
        profile.base_url,
        organization_key=keystore.get(KeyRef.organization(profile.name)),
        app_keys=app_key,
        auth_scheme=profile.auth_scheme,
    )
    return Connection(profile, client, keystore, app_key=app_key)


def launch_sandbox(data_dir: Path | None) -> SandboxProcess:
    """Start the local sandbox's child process without waiting for it (``wait_ready`` does)."""
    from onesignal_desktop.sandbox.process import SandboxProcess

    return SandboxProcess(data_dir)


def open_sandbox(
    data_dir: Path | None, keystore: KeyStore, *, sandbox: Any = None, owns_sandbox: bool = False
) -> Connection:
    """Connect to ``sandbox`` (else start the local sandbox in a child process, and own it); its keys
    stay in memory. An owned sandbox stops when the connection closes."""
    if sandbox is None:
        sandbox = launch_sandbox(data_dir)
        owns_sandbox = True
        try:
            sandbox.wait_ready()
        except BaseException:
            sandbox.stop()
            raise
    from onesignal_desktop.api import OneSignalClient

    profile = Profile(SANDBOX_PROFILE, str(sandbox.base_url), "Key", sandbox=True)
    keystore.remember(KeyRef.organization(profile.name), sandbox.org_key)

    def app_key(app_id: str) -> str | None:
        ref = KeyRef.app(profile.name, app_id)
        known = keystore.get(ref)
        if known:
            return known
        try:
            secret = str(sandbox.app_key(app_id))
        except Exception:  # an app the sandbox does not know: the API call reports it
            return None
        keystore.remember(ref, secret)
        return secret

    client = OneSignalClient(sandbox.base_url, organization_key=sandbox.org_key, app_keys=app_key)
    return Connection(profile, client, keystore, sandbox=sandbox, owns_sandbox=owns_sandbox, app_key=app_key)
