"""Notifications: the create payload, the stored notification with its delivery statistics, and the
small bodies around them (create/cancel answers, history export)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Final, Literal, TypeAlias, get_args

from pydantic import Field, JsonValue

from ._base import OneSignalModel
from .common import JsonObject, LanguageMap, SuccessResponse, Timestamp, messages_from
from .outcome import Outcome
from .segment import FilterExpression

TargetChannel: TypeAlias = Literal["push", "email", "sms"]
TARGET_CHANNELS: Final[tuple[str, ...]] = get_args(TargetChannel)
DelayedOption: TypeAlias = Literal["timezone", "last-active"]
DELAYED_OPTIONS: Final[tuple[str, ...]] = get_args(DelayedOption)
IosBadgeType: TypeAlias = Literal["None", "SetTo", "Increase"]
IOS_BADGE_TYPES: Final[tuple[str, ...]] = get_args(IosBadgeType)
HistoryEvent: TypeAlias = Literal["sent", "clicked"]
#: ``kind`` query of GET /notifications: 0 dashboard, 1 API, 3 automated.
NOTIFICATION_KINDS: Final[dict[int, str]] = {0: "dashboard", 1: "api", 3: "automated"}


class Button(OneSignalModel):
    """An action button on a mobile push."""

    id: str
    text: str | None = None
    icon: str | None = None


class WebButton(OneSignalModel):
    """An action button on a web push; ``url`` opens on click."""

    id: str
    text: str | None = None
    icon: str | None = None
    url: str | None = None


class AndroidBackgroundLayout(OneSignalModel):
    image: str | None = None
    headings_color: str | None = None
    contents_color: str | None = None


class NotificationBase(OneSignalModel):
    """Fields a notification has both when it is created and when it is read back.

    Enum-like fields (``target_channel``, ``delayed_option``, ``ios_badgeType``, ...) are plain strings
    so a value the server adds later still parses; the known values are in the module constants.
    """

    id: str | None = None
    app_id: str | None = None
    name: str | None = None
    template_id: str | None = None
    idempotency_key: str | None = None
    external_id: str | None = Field(
        default=None, description="Deprecated idempotency key; does not target users by External ID."
    )

    # Content.
    contents: LanguageMap | None = None
    headings: LanguageMap | None = None
    subtitle: LanguageMap | None = None
    data: JsonObject | None = None
    custom_data: JsonObject | None = None
    url: str | None = None
    web_url: str | None = None
    app_url: str | None = None

    # Targeting: segments.
    included_segments: list[str] | None = None
    excluded_segments: list[str] | None = None
    # Targeting: explicit recipients.
    include_subscription_ids: list[str] | None = None
    include_player_ids: list[str] | None = None
    include_external_user_ids: list[str] | None = None
    channel_for_external_user_ids: str | None = None
    include_aliases: dict[str, list[str]] | None = None
    target_channel: str | None = None
    include_email_tokens: list[str] | None = None
    email_to: list[str] | None = None
    include_phone_numbers: list[str] | None = None
    include_ios_tokens: list[str] | None = None
    include_wp_wns_uris: list[str] | None = None
    include_amazon_reg_ids: list[str] | None = None
    include_chrome_reg_ids: list[str] | None = None
    include_chrome_web_reg_ids: list[str] | None = None
    include_android_reg_ids: list[str] | None = None
    include_unsubscribed: bool | None = None
    # Targeting: filters.
    filters: list[FilterExpression] | None = None

    # Platforms to deliver to.
    isIos: bool | None = None
    isAndroid: bool | None = None
    isHuawei: bool | None = None
    isAnyWeb: bool | None = None
    isChromeWeb: bool | None = None
    isFirefox: bool | None = None
    isSafari: bool | None = None
    isWP_WNS: bool | None = None
    isAdm: bool | None = None
    isChrome: bool | None = None

    # Scheduling and delivery.
    delayed_option: str | None = None
    delivery_time_of_day: str | None = None
    throttle_rate_per_minute: int | str | None = None
    ttl: int | None = None
    priority: int | None = None
    collapse_id: str | None = None
    web_push_topic: str | None = None
    content_available: bool | None = None
    mutable_content: bool | None = None
    target_content_identifier: str | None = None
    apns_push_type_override: str | None = None
    apns_alert: JsonObject | None = None

    # Action buttons.
    buttons: list[Button] | None = None
    web_buttons: list[WebButton] | None = None

    # Images and icons.
    big_picture: str | None = None
    global_image: str | None = None
    huawei_big_picture: str | None = None
    adm_big_picture: str | None = None
    chrome_big_picture: str | None = None
    chrome_web_image: str | None = None
    ios_attachments: dict[str, str] | None = None
    small_icon: str | None = None
    large_icon: str | None = None
    huawei_small_icon: str | None = None
    huawei_large_icon: str | None = None
    adm_small_icon: str | None = None
    adm_large_icon: str | None = None
    chrome_web_icon: str | None = None
    chrome_web_badge: str | None = None
    chrome_icon: str | None = None
    firefox_icon: str | None = None
    android_background_layout: AndroidBackgroundLayout | None = None

    # iOS.
    ios_sound: str | None = None
    ios_badgeType: str | None = None
    ios_badgeCount: int | None = None
    ios_category: str | None = None
    ios_relevance_score: float | None = None
    ios_interruption_level: str | None = None
    thread_id: str | None = None
    summary_arg: str | None = None
    summary_arg_count: int | None = None

    # Android, Huawei, Amazon, Windows.
    android_channel_id: str | None = None
    existing_android_channel_id: str | None = None
    android_sound: str | None = None
    android_led_color: str | None = None
    android_accent_color: str | None = None
    android_visibility: int | None = None
    android_group: str | None = None
    android_group_message: str | LanguageMap | None = None
    huawei_channel_id: str | None = None
    huawei_existing_channel_id: str | None = None
    huawei_sound: str | None = None
    huawei_led_color: str | None = None
    huawei_accent_color: str | None = None
    huawei_visibility: int | None = None
    huawei_msg_type: str | None = None
    huawei_category: str | None = None
    huawei_bi_tag: str | None = None
    huawei_badge_class: str | None = None
    huawei_badge_add_num: int | None = None
    huawei_badge_set_num: int | None = None
    adm_sound: str | None = None
    adm_group: str | None = None
    adm_group_message: str | LanguageMap | None = None
    wp_wns_sound: str | None = None

    # Email.
    email_subject: str | None = None
    email_body: str | None = None
    email_preheader: str | None = None
    email_from_name: str | None = None
    email_from_address: str | None = None
    email_reply_to_address: str | None = None
    email_sender_domain: str | None = None
    email_bcc: list[str] | None = None
    disable_email_click_tracking: bool | None = None

    # SMS.
    sms_from: str | None = None
    sms_media_urls: list[str] | None = None

    @property
    def channel(self) -> str:
        """ "push", "email" or "sms": ``target_channel`` when given, otherwise what the fields imply."""
        if self.target_channel:
            return self.target_channel
        if self.email_subject or self.email_body or self.email_to or self.include_email_tokens:
            return "email"
        if self.sms_from or self.sms_media_urls or self.include_phone_numbers:
            return "sms"
        return "push"


class Notification(NotificationBase):
    """Body of POST /notifications.

    ``send_after`` takes a datetime (sent as ISO-8601) or any date string OneSignal understands, such as
    "2015-09-24 14:00:00 GMT-0700".
    """

    send_after: datetime | str | None = None


class DeliveryStats(OneSignalModel):
    """Delivery counters of one platform (or of the whole notification)."""

    successful: int | None = None
    failed: int | None = None
    errored: int | None = None
    converted: int | None = None
    received: int | None = None


class SmsDeliveryStats(DeliveryStats):
    provider_successful: int | None = None
    provider_failed: int | None = None
    provider_errored: int | None = None


class EmailDeliveryStats(DeliveryStats):
    opened: int | None = None
    unique_opens: int | None = None
    clicks: int | None = None
    unique_clicks: int | None = None
    bounced: int | None = None
    reported_spam: int | None = None
    unsubscribed: int | None = None


class PlatformDeliveryStats(OneSignalModel):
    """Per-platform counters (``platform_delivery_stats``). Platforms added later arrive as extra keys;
    ``by_platform()`` returns them all as DeliveryStats."""

    ios: DeliveryStats | None = None
    android: DeliveryStats | None = None
    chrome_web_push: DeliveryStats | None = None
    firefox_web_push: DeliveryStats | None = None
    safari_web_push: DeliveryStats | None = None
    edge_web_push: DeliveryStats | None = None
    sms: SmsDeliveryStats | None = None
    email: EmailDeliveryStats | None = None

    def by_platform(self) -> dict[str, DeliveryStats]:
        platforms: dict[str, DeliveryStats] = {}
        for name in type(self).model_fields:
            value = getattr(self, name)
            if isinstance(value, DeliveryStats):
                platforms[name] = value
        for name, value in (self.model_extra or {}).items():
            if isinstance(value, dict):
                platforms[name] = DeliveryStats.model_validate(value)
        return platforms


_NOT_CARRIED_TO_DRAFT: Final[frozenset[str]] = frozenset({"id", "idempotency_key", "external_id"})


class NotificationWithMeta(NotificationBase):
    """A notification as GET /notifications[/{id}] returns it: content, targeting and delivery state.

    ``queued_at``, ``send_after`` and ``completed_at`` are unix seconds.
    """

    successful: int | None = None
    failed: int | None = None
    errored: int | None = None
    converted: int | None = None
    received: int | None = None
    remaining: int | None = None
    bcc_sent: int | None = None
    canceled: bool | None = None
    queued_at: Timestamp | None = None
    send_after: Timestamp | None = None
    completed_at: Timestamp | None = None
    platform_delivery_stats: PlatformDeliveryStats | None = None
    outcomes: list[Outcome] | None = None

    def to_draft(self) -> Notification:
        """A new create payload with this notification's content, targeting and options.

        Identity (id, idempotency and external ids), schedule and delivery state stay behind, and so do
        fields this console does not know: the server may report them without accepting them on create.
        """
        carried = {
            name
            for name in NotificationBase.model_fields
            if name in self.model_fields_set and name not in _NOT_CARRIED_TO_DRAFT
        }
        # Dumped and parsed again so the draft shares no nested object with the original.
        return Notification.model_validate(self.model_dump(include=carried, exclude_none=True))


class NotificationSlice(OneSignalModel):
    """One page of GET /notifications. ``next_time_offset`` is the cursor for the next page where the
    current API provides one."""

    total_count: int | None = None
    offset: int | None = None
    limit: int | None = None
    time_offset: str | None = None
    next_time_offset: str | None = None
    notifications: list[NotificationWithMeta] = []


class InvalidRecipients(OneSignalModel):
    """The object form of ``errors`` in a create answer: recipients that were dropped."""

    invalid_player_ids: list[str] | None = None
    invalid_external_user_ids: list[str] | None = None
    invalid_aliases: dict[str, list[str]] | None = None

    def is_empty(self) -> bool:
        return not (self.invalid_player_ids or self.invalid_external_user_ids or self.invalid_aliases)


class CreateNotificationResponse(OneSignalModel):
    """The raw answer of POST /notifications.

    HTTP 200 does not mean sent: an empty ``id`` with ``errors`` such as
    ``["All included players are not subscribed"]`` means nothing went out. ``errors`` is a list of
    strings, an InvalidRecipients object, or (seen in examples) an empty string. Any other shape is
    kept as raw JSON rather than failing, because the notification may well have gone out.
    """

    id: str | None = None
    recipients: int | None = None
    external_id: str | None = None
    errors: Annotated[list[str] | InvalidRecipients | JsonValue, Field(union_mode="left_to_right")] = None

    @property
    def is_sent(self) -> bool:
        return bool(self.id)

    def error_messages(self) -> list[str]:
        """Readable errors, except the dropped recipients (see invalid_recipients)."""
        if isinstance(self.errors, InvalidRecipients):
            return []
        return messages_from(self.errors)

    def invalid_recipients(self) -> InvalidRecipients | None:
        errors = self.errors
        if isinstance(errors, InvalidRecipients) and not errors.is_empty():
            return errors
        return None


class CancelNotificationResponse(SuccessResponse):
    """Answer of DELETE /notifications/{id}."""


class NotificationHistoryRequest(OneSignalModel):
    """Body of POST /notifications/{id}/history: export who received or clicked a notification."""

    events: HistoryEvent
    app_id: str
    email: str | None = None


class NotificationHistoryResponse(SuccessResponse):
    """``destination_url`` is the CSV file that becomes available once the export is ready."""

    destination_url: str | None = None
