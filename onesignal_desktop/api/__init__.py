"""The OneSignal REST API client: pure Python (no Qt), synchronous, safe to share between threads.

::

    from onesignal_desktop.api import OneSignalClient, NotificationNotSent

    with OneSignalClient(organization_key=org_key, app_keys=keyring_lookup) as client:
        result = client.create_notification({"app_id": app_id, "contents": {"en": "Hi"},
                                             "included_segments": ["Subscribed Users"]})
        if isinstance(result, NotificationNotSent):
            print("nothing went out:", result.messages)
        for notification in client.iter_notifications(app_id, cancel=stop_event):
            ...

Every failure is a :class:`OneSignalError` (operation, status, messages); see ``errors``.
"""

import onesignal_desktop.api._lean_http  # noqa: F401  (first: httpx without its unused extras)
from onesignal_desktop.api._cancel import CancelCheck
from onesignal_desktop.api.auth import AppKeyProvider, AuthScheme, KeyKind
from onesignal_desktop.api.client import OneSignalClient
from onesignal_desktop.api.errors import (
    APIStatusError,
    AuthError,
    BadRequestError,
    ConflictError,
    ConnectionRefused,
    ConnectionReset,
    ExportTimeoutError,
    ForbiddenError,
    InvalidResponseError,
    MissingKeyError,
    NotFoundError,
    OneSignalError,
    OperationCancelled,
    RateLimitedError,
    RequestTimeout,
    ServerError,
    TransportError,
    UnauthorizedError,
    UnprocessableEntityError,
)
from onesignal_desktop.api.exports import DownloadProgress, ExportPolling, download_export, iter_csv_rows
from onesignal_desktop.api.paging import Page, PageProgress
from onesignal_desktop.api.rate_budget import BudgetWait, EndpointClass, Limit, RateBudget
from onesignal_desktop.api.results import (
    CreateNotificationResult,
    NotificationNotSent,
    NotificationNotSentError,
    NotificationSent,
    NotificationSentWithInvalidRecipients,
)
from onesignal_desktop.api.retry import RetryPolicy
from onesignal_desktop.api.transport import DEFAULT_BASE_URL, LEGACY_BASE_URL, USER_AGENT

__all__ = [
    "DEFAULT_BASE_URL",
    "LEGACY_BASE_URL",
    "USER_AGENT",
    "APIStatusError",
    "AppKeyProvider",
    "AuthError",
    "AuthScheme",
    "BadRequestError",
    "BudgetWait",
    "CancelCheck",
    "ConflictError",
    "ConnectionRefused",
    "ConnectionReset",
    "CreateNotificationResult",
    "DownloadProgress",
    "EndpointClass",
    "ExportPolling",
    "ExportTimeoutError",
    "ForbiddenError",
    "InvalidResponseError",
    "KeyKind",
    "Limit",
    "MissingKeyError",
    "NotFoundError",
    "NotificationNotSent",
    "NotificationNotSentError",
    "NotificationSent",
    "NotificationSentWithInvalidRecipients",
    "OneSignalClient",
    "OneSignalError",
    "OperationCancelled",
    "Page",
    "PageProgress",
    "RateBudget",
    "RateLimitedError",
    "RequestTimeout",
    "RetryPolicy",
    "ServerError",
    "TransportError",
    "UnauthorizedError",
    "UnprocessableEntityError",
    "download_export",
    "iter_csv_rows",
]
