"""The walk's tests run on the sandbox's demo data, as a new user sees it on the first start."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from onesignal_desktop.sandbox import start_sandbox


@pytest.fixture
def sandbox() -> Iterator[Any]:
    with start_sandbox(seed_demo=True) as running:
        yield running


@pytest.fixture
def demo_app_id(sandbox: Any) -> str:
    """The demo app with the most notifications ("Demo News")."""
    with sandbox_client(sandbox) as client:
        apps = client.get_apps()
    return str(next(app.id for app in apps if app.name == "Demo News"))


def sandbox_client(sandbox: Any) -> Any:
    from onesignal_desktop.api import OneSignalClient

    return OneSignalClient(sandbox.base_url, organization_key=sandbox.org_key, app_keys=sandbox.app_key)


def open_tab(window: Any, title: str) -> Any:
    titles = [window.tab_widget.tabText(i) for i in range(window.tab_widget.count())]
    window.tab_widget.setCurrentIndex(titles.index(title))
    return window.current_tab()
