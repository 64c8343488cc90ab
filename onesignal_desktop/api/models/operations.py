"""Which model each client operation sends and receives, by the operation's method name.

The client uses it to parse answers; tests and the bad-input property tests walk it to cover every
body. Operations without a request body are absent from REQUEST_MODELS.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from pydantic import BaseModel

from .api_key import (
    ApiKeyList,
    CreateApiKeyRequest,
    CreateApiKeyResponse,
    DeleteApiKeyResponse,
    RotateApiKeyResponse,
    UpdateApiKeyRequest,
    UpdateApiKeyResponse,
)
from .app import App, AppList, CreateAppRequest
from .audit_log import AuditLogPage
from .common import EmptyResponse, SuccessResponse
from .custom_event import CustomEventsRequest, CustomEventsResponse
from .email_analytics import (
    EmailProviderMetricsResponse,
    EmailProviderMetricsTimeseries,
    EmailReputation,
    UnsubscribeEmailResponse,
)
from .estimate import EstimateRecipientsRequest, EstimateRecipientsResponse
from .export import ExportEventsResponse, ExportPlayersRequest, ExportPlayersResponse
from .journey import (
    CreateJourneyRequest,
    DuplicateJourneyRequest,
    Journey,
    JourneyListResponse,
    JourneyStats,
    UpdateJourneyNodeRequest,
    UpdateJourneyRequest,
)
from .live_activity import (
    StartLiveActivityRequest,
    StartLiveActivityResponse,
    UpdateLiveActivityRequest,
    UpdateLiveActivityResponse,
)
from .notification import (
    CancelNotificationResponse,
    CreateNotificationResponse,
    Notification,
    NotificationHistoryRequest,
    NotificationHistoryResponse,
    NotificationSlice,
    NotificationWithMeta,
)
from .outcome import OutcomesResponse
from .player import (
    CreatePlayerRequest,
    CreatePlayerResponse,
    DeletePlayerResponse,
    Player,
    PlayerSlice,
    UpdatePlayerResponse,
    UpdatePlayerTagsRequest,
    UpdatePlayerTagsResponse,
)
from .segment import (
    CreateSegmentResponse,
    DeleteSegmentResponse,
    Segment,
    SegmentDetailResponse,
    SegmentSlice,
    UpdateSegmentRequest,
    UpdateSegmentResponse,
)
from .subscription import (
    CreateSubscriptionRequest,
    SubscriptionBody,
    TransferSubscriptionRequest,
    UpdateSubscriptionRequest,
)
from .template import (
    CopyTemplateRequest,
    CreateTemplateRequest,
    DeleteTemplateResponse,
    Template,
    TemplateList,
    UpdateTemplateRequest,
)
from .user import PropertiesBody, UpdateUserRequest, User, UserIdentity

RESPONSE_MODELS: Final[Mapping[str, type[BaseModel]]] = MappingProxyType(
    {
        # Seed (v1) operations.
        "create_app": App,
        "get_app": App,
        "get_apps": AppList,
        "update_app": App,
        "create_notification": CreateNotificationResponse,
        "cancel_notification": CancelNotificationResponse,
        "get_notification": NotificationWithMeta,
        "get_notifications": NotificationSlice,
        "get_notification_history": NotificationHistoryResponse,
        "create_segments": CreateSegmentResponse,
        "delete_segments": DeleteSegmentResponse,
        "create_player": CreatePlayerResponse,
        "get_player": Player,
        "get_players": PlayerSlice,
        "export_players": ExportPlayersResponse,
        "update_player": UpdatePlayerResponse,
        "update_player_tags": UpdatePlayerTagsResponse,
        "delete_player": DeletePlayerResponse,
        "get_outcomes": OutcomesResponse,
        # Current API.
        "get_segments": SegmentSlice,
        "get_segment": SegmentDetailResponse,
        "update_segment": UpdateSegmentResponse,
        "create_user": User,
        "get_user": User,
        "update_user": PropertiesBody,
        "delete_user": EmptyResponse,
        "get_aliases": UserIdentity,
        "create_alias": UserIdentity,
        "delete_alias": UserIdentity,
        "create_subscription": SubscriptionBody,
        "update_subscription": EmptyResponse,
        "delete_subscription": EmptyResponse,
        "transfer_subscription": UserIdentity,
        "view_templates": TemplateList,
        "view_template": Template,
        "create_template": Template,
        "update_template": Template,
        "delete_template": DeleteTemplateResponse,
        "view_api_keys": ApiKeyList,
        "create_api_key": CreateApiKeyResponse,
        "update_api_key": UpdateApiKeyResponse,
        "rotate_api_key": RotateApiKeyResponse,
        "delete_api_key": DeleteApiKeyResponse,
        "export_events": ExportEventsResponse,
        "start_live_activity": StartLiveActivityResponse,
        "update_live_activity": UpdateLiveActivityResponse,
        "estimate_notification_recipients": EstimateRecipientsResponse,
        "list_audit_logs": AuditLogPage,
        "get_email_reputation": EmailReputation,
        "get_email_provider_metrics": EmailProviderMetricsResponse,
        "get_email_provider_metrics_timeseries": EmailProviderMetricsTimeseries,
        "unsubscribe_email_with_token": UnsubscribeEmailResponse,
        "view_journeys": JourneyListResponse,
        "create_journey": Journey,
        "view_journey": Journey,
        "update_journey": Journey,
        "delete_journey": SuccessResponse,
        "view_journey_stats": JourneyStats,
        "update_journey_node": Journey,
        "duplicate_journey": Journey,
        "create_custom_events": CustomEventsResponse,
        "get_aliases_by_subscription": UserIdentity,
        "create_alias_by_subscription": UserIdentity,
        "update_subscription_by_token": EmptyResponse,
        "copy_template_to_app": Template,
    }
)

REQUEST_MODELS: Final[Mapping[str, type[BaseModel]]] = MappingProxyType(
    {
        "create_app": CreateAppRequest,
        "update_app": App,
        "create_notification": Notification,
        "get_notification_history": NotificationHistoryRequest,
        "create_segments": Segment,
        "create_player": CreatePlayerRequest,
        "update_player": Player,
        "update_player_tags": UpdatePlayerTagsRequest,
        "export_players": ExportPlayersRequest,
        "update_segment": UpdateSegmentRequest,
        "create_user": User,
        "update_user": UpdateUserRequest,
        "create_alias": UserIdentity,
        "create_subscription": CreateSubscriptionRequest,
        "update_subscription": UpdateSubscriptionRequest,
        "transfer_subscription": TransferSubscriptionRequest,
        "create_template": CreateTemplateRequest,
        "update_template": UpdateTemplateRequest,
        "create_api_key": CreateApiKeyRequest,
        "update_api_key": UpdateApiKeyRequest,
        "start_live_activity": StartLiveActivityRequest,
        "update_live_activity": UpdateLiveActivityRequest,
        "estimate_notification_recipients": EstimateRecipientsRequest,
        "create_journey": CreateJourneyRequest,
        "update_journey": UpdateJourneyRequest,
        "update_journey_node": UpdateJourneyNodeRequest,
        "duplicate_journey": DuplicateJourneyRequest,
        "create_custom_events": CustomEventsRequest,
        "create_alias_by_subscription": UserIdentity,
        "update_subscription_by_token": UpdateSubscriptionRequest,
        "copy_template_to_app": CopyTemplateRequest,
    }
)
