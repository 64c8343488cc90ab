"""A small shop backend's notifications, the way a project that uses OneSignal writes them.

It sends through OneSignal's official Python SDK (``onesignal-python-api``) and through plain httpx, and
reads where OneSignal is from the environment, so its tests point it at the local sandbox
(see tests/test_shop_notifier.py) and production points it at https://api.onesignal.com.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx
import onesignal
from onesignal.api import default_api
from onesignal.exceptions import ApiException
from onesignal.model.language_string_map import LanguageStringMap
from onesignal.model.notification import Notification

ONESIGNAL_URL = "https://api.onesignal.com"
EVERYONE = "Subscribed Users"


class NotificationFailed(RuntimeError):
    """OneSignal refused or could not take a notification."""


@dataclass(frozen=True)
class OneSignalSettings:
    app_id: str
    rest_api_key: str
    api_url: str = ONESIGNAL_URL

    @classmethod
    def from_env(cls) -> OneSignalSettings:
        return cls(
            app_id=os.environ["ONESIGNAL_APP_ID"],
            rest_api_key=os.environ["ONESIGNAL_REST_API_KEY"],
            api_url=os.environ.get("ONESIGNAL_API_URL", ONESIGNAL_URL),
        )


def announce_sale(settings: OneSignalSettings, percent: int) -> str:
    """Tell every subscriber about a sale (official SDK); returns the notification id."""
    if not 1 <= percent <= 90:
        raise ValueError(f"a sale is 1-90% off, not {percent}%")
    configuration = onesignal.Configuration(host=settings.api_url, rest_api_key=settings.rest_api_key)
    notification = Notification(
        app_id=settings.app_id,
        included_segments=[EVERYONE],
        headings=LanguageStringMap(en=f"Sale: {percent}% off"),
        contents=LanguageStringMap(en="Everything in the shop, this weekend only."),
    )
    with onesignal.ApiClient(configuration) as client:
        try:
            answer = default_api.DefaultApi(client).create_notification(notification)
        except ApiException as error:
            raise NotificationFailed(f"OneSignal answered {error.status}") from error
    return str(answer.id)


def notify_segment(
    settings: OneSignalSettings,
    segment: str,
    heading: str,
    text: str,
    *,
    sleep: Callable[[float], None] = time.sleep,
    attempts: int = 3,
) -> str:
    """Send to one segment with plain httpx, waiting as told by Retry-After when rate limited."""
    body = {
        "app_id": settings.app_id,
        "included_segments": [segment],
        "headings": {"en": heading},
        "contents": {"en": text},
    }
    headers = {"Authorization": f"Key {settings.rest_api_key}"}
    with httpx.Client(base_url=settings.api_url, headers=headers, timeout=10) as client:
        for _ in range(attempts):
            answer = client.post("/notifications", json=body)
            if answer.status_code == 429:
                sleep(float(answer.headers.get("Retry-After", "1")))
                continue
            if answer.status_code >= 400:
                raise NotificationFailed(f"OneSignal answered {answer.status_code}: {answer.text}")
            return str(answer.json()["id"])
    raise NotificationFailed(f"still rate limited after {attempts} attempts")
