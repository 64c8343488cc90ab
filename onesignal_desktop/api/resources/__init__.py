"""The operations, one module per API area; each contributes a mixin to :class:`OneSignalClient`."""

from onesignal_desktop.api.resources.api_keys import ApiKeyOperations
from onesignal_desktop.api.resources.apps import AppOperations
from onesignal_desktop.api.resources.audience import AudienceOperations
from onesignal_desktop.api.resources.audit_logs import AuditLogOperations
from onesignal_desktop.api.resources.custom_events import CustomEventOperations
from onesignal_desktop.api.resources.email_analytics import EmailAnalyticsOperations
from onesignal_desktop.api.resources.exports import ExportOperations
from onesignal_desktop.api.resources.journeys import JourneyOperations
from onesignal_desktop.api.resources.live_activities import LiveActivityOperations
from onesignal_desktop.api.resources.notifications import NotificationOperations
from onesignal_desktop.api.resources.outcomes import OutcomeOperations
from onesignal_desktop.api.resources.players import PlayerOperations
from onesignal_desktop.api.resources.segments import SegmentOperations
from onesignal_desktop.api.resources.subscriptions import SubscriptionOperations
from onesignal_desktop.api.resources.templates import TemplateOperations
from onesignal_desktop.api.resources.users import UserOperations

__all__ = [
    "ApiKeyOperations",
    "AppOperations",
    "AudienceOperations",
    "AuditLogOperations",
    "CustomEventOperations",
    "EmailAnalyticsOperations",
    "ExportOperations",
    "JourneyOperations",
    "LiveActivityOperations",
    "NotificationOperations",
    "OutcomeOperations",
    "PlayerOperations",
    "SegmentOperations",
    "SubscriptionOperations",
    "TemplateOperations",
    "UserOperations",
]
