"""Profiles: non-secret connection settings in QSettings, never a key."""

from __future__ import annotations

from pathlib import Path

import pytest

from onesignal_desktop.ui.shell.profiles import Profile, ProfileStore, validate_profile


def test_profiles_round_trip_through_the_settings_file(settings, tmp_path) -> None:
    store = ProfileStore(settings)
    store.save(Profile("work", "https://api.onesignal.com/", "Basic"))
    store.save(Profile("staging", "https://staging.example.com"))

    again = ProfileStore(type(settings)(settings.fileName(), settings.format()))
    assert again.names() == ["staging", "work"]
    assert again.get("work") == Profile("work", "https://api.onesignal.com", "Basic")
    assert again.get("missing") is None


def test_which_profile_opens(settings) -> None:
    store = ProfileStore(settings)
    assert store.choose() is None  # nothing configured: the sandbox
    store.save(Profile("work"))
    assert store.choose().name == "work"  # the only one
    store.save(Profile("home"))
    assert store.choose() is None  # several and none used yet: the sandbox, until one is chosen
    store.set_last_used("home")
    assert store.choose().name == "home"
    assert store.choose("work").name == "work"
    with pytest.raises(KeyError):
        store.choose("nope")
    store.set_last_used("Sandbox (local)")
    assert store.choose() is None  # the sandbox was chosen last
    store.set_last_used("home")
    store.remove("home")
    assert store.names() == ["work"] and store.last_used() is None


@pytest.mark.parametrize(
    ("name", "url", "scheme", "field"),
    [
        ("", "https://api.onesignal.com", "Key", "name"),
        ("a/b", "https://api.onesignal.com", "Key", "name"),
        ("Sandbox (local)", "https://api.onesignal.com", "Key", "name"),
        ("work", "api.onesignal.com", "Key", "base_url"),
        ("work", "https://api.onesignal.com", "Bearer", "auth_scheme"),
    ],
)
def test_invalid_profiles_are_refused_per_field(name, url, scheme, field) -> None:
    assert field in validate_profile(name, url, scheme)


def test_settings_file_holds_no_key(settings) -> None:
    store = ProfileStore(settings)
    store.save(Profile("work"))
    settings.sync()
    text = Path(settings.fileName()).read_text(encoding="utf-8")
    assert "base_url" in text and "os_v2_" not in text
