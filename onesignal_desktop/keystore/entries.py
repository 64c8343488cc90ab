"""How keys are named in the keyring: one service, one entry per key."""

from __future__ import annotations

from dataclasses import dataclass

SERVICE = "onesignal-desktop"

# An entry nobody writes: reading it is a harmless way to find out whether the keyring answers.
PROBE_ENTRY = "probe:does-not-exist"


@dataclass(frozen=True, slots=True)
class KeyRef:
    """Which key an entry holds: a profile's organization key, or one app's REST API key.

    Entries are small (one key each) because Windows caps a credential at about 2.5 KB.
    """

    profile: str
    app_id: str | None = None

    @classmethod
    def organization(cls, profile: str) -> KeyRef:
        return cls(profile)

    @classmethod
    def app(cls, profile: str, app_id: str) -> KeyRef:
        return cls(profile, app_id)

    @property
    def entry_name(self) -> str:
        if self.app_id is None:
            return f"{self.profile}/organization"
        return f"{self.profile}/app/{self.app_id}"

    @property
    def label(self) -> str:
        """What a person calls this key."""
        if self.app_id is None:
            return f"organization key of profile {self.profile!r}"
        return f"REST API key of app {self.app_id}"
