"""The API models: what the console keeps, sends and shows for real-looking OneSignal bodies."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import jsonschema
import pytest
from api_support import CURRENT_OPERATIONS, SEED_OPERATIONS
from pydantic import BaseModel, ValidationError

from onesignal_desktop.api import models
from onesignal_desktop.api.models import (
    App,
    AppList,
    CreateApiKeyRequest,
    CreateApiKeyResponse,
    CreateNotificationResponse,
    ErrorItem,
    ErrorResponse,
    Filter,
    InvalidRecipients,
    Notification,
    NotificationHistoryRequest,
    NotificationSlice,
    NotificationWithMeta,
    OneSignalModel,
    Operator,
    Player,
    PlayerSlice,
    Segment,
    SegmentDetailResponse,
    Subscription,
    Template,
    UpdatePlayerTagsRequest,
    User,
    UserIdentity,
    device_type_name,
    parse_timestamp,
)

NOTIFICATION_BODY: dict[str, Any] = {
    "id": "b3a0c8bd-3a4c-4b22-9a73-3f1a8c2d1b88",
    "app_id": "5eb5a37e-b458-11e3-ac11-000c2940e62c",
    "contents": {"en": "Your order shipped", "de": "Ihre Bestellung ist unterwegs"},
    "headings": {"en": "Order update"},
    "included_segments": ["Subscribed Users"],
    "excluded_segments": ["Engaged Users"],
    "filters": [
        {"field": "tag", "key": "level", "relation": ">", "value": "10"},
        {"operator": "OR"},
        {"field": "last_session", "relation": ">", "hours_ago": "48"},
    ],
    "data": {"order_id": 1234, "nested": {"items": [1, 2]}},
    "ios_badgeType": "Increase",
    "ios_badgeCount": 1,
    "successful": 15,
    "failed": 1,
    "errored": 0,
    "converted": 3,
    "received": 14,
    "remaining": 0,
    "queued_at": 1700000000,
    "send_after": 1700000000,
    "completed_at": 1700000042,
    "canceled": False,
    "platform_delivery_stats": {
        "ios": {"successful": 5, "failed": 1, "errored": 0, "converted": 1, "received": 5},
        "android": {"successful": 10, "failed": 0, "errored": 0, "converted": 2, "received": 9},
        "email": {"successful": 0, "opened": 0, "bounced": 0},
        "vision_os": {"successful": 2, "failed": 0},
    },
    "outcomes": [{"id": "os__click.count", "value": 3, "aggregation": "count"}],
    "throttle_rate_per_minute": None,
    "a_field_from_a_newer_server": {"kept": True},
}


# --- unknown fields survive ---------------------------------------------------------------------------


def test_unknown_fields_survive_a_round_trip_at_every_level() -> None:
    body = {
        "total_count": 1,
        "offset": 0,
        "limit": 50,
        "notifications": [NOTIFICATION_BODY],
        "new_cursor": "abc",
    }
    page = NotificationSlice.model_validate(body)

    payload = page.to_payload()

    assert payload["new_cursor"] == "abc"
    notification = payload["notifications"][0]
    assert notification["a_field_from_a_newer_server"] == {"kept": True}
    assert notification["platform_delivery_stats"]["vision_os"] == {"successful": 2, "failed": 0}
    assert NotificationSlice.model_validate(payload).to_payload() == payload


def test_a_platform_the_console_does_not_know_still_shows_its_counters() -> None:
    notification = NotificationWithMeta.model_validate(NOTIFICATION_BODY)
    stats = notification.platform_delivery_stats
    assert stats is not None

    platforms = stats.by_platform()

    assert set(platforms) == {"ios", "android", "email", "vision_os"}
    assert platforms["vision_os"].successful == 2
    assert platforms["android"].received == 9
    assert notification.outcomes is not None and notification.outcomes[0].value == 3


def test_a_notification_read_back_keeps_its_content_targeting_and_counters() -> None:
    notification = NotificationWithMeta.model_validate(NOTIFICATION_BODY)

    assert notification.contents == NOTIFICATION_BODY["contents"]
    assert notification.included_segments == ["Subscribed Users"]
    assert notification.successful == 15 and notification.converted == 3
    assert parse_timestamp(notification.completed_at) == datetime(2023, 11, 14, 22, 14, 2, tzinfo=UTC)
    assert notification.data == {"order_id": 1234, "nested": {"items": [1, 2]}}


def test_a_sent_notification_duplicates_into_a_draft_without_its_identity_or_results() -> None:
    sent = NotificationWithMeta.model_validate(
        {**NOTIFICATION_BODY, "idempotency_key": "k-1", "external_id": "e-1", "buttons": [{"id": "b"}]}
    )

    draft = sent.to_draft()

    payload = draft.to_payload()
    assert isinstance(draft, Notification)
    assert payload["contents"] == NOTIFICATION_BODY["contents"]
    assert payload["filters"] == NOTIFICATION_BODY["filters"]
    assert payload["included_segments"] == ["Subscribed Users"]
    assert payload["ios_badgeType"] == "Increase"
    for left_behind in ("id", "idempotency_key", "external_id", "successful", "send_after", "queued_at"):
        assert left_behind not in payload
    assert "a_field_from_a_newer_server" not in payload
    assert draft.buttons is not None and sent.buttons is not None
    assert draft.buttons[0] is not sent.buttons[0], "editing the draft must not change the original"


@pytest.mark.parametrize(
    ("fields", "channel"),
    [
        ({"contents": {"en": "x"}}, "push"),
        ({"email_subject": "Hi", "email_body": "<p>Hi</p>"}, "email"),
        ({"sms_from": "+15555550100", "contents": {"en": "x"}}, "sms"),
        ({"target_channel": "sms", "email_subject": "ignored"}, "sms"),
    ],
)
def test_the_channel_of_a_notification(fields: dict[str, Any], channel: str) -> None:
    assert Notification.model_validate(fields).channel == channel


# --- requests send only what was set ----------------------------------------------------------------------


def test_a_request_sends_only_the_fields_that_were_set() -> None:
    notification = Notification(
        app_id="app-1",
        contents={"en": "Hello", "fr": "Bonjour"},
        include_aliases={"external_id": ["user-1", "user-2"]},
        target_channel="push",
        idempotency_key="0b6ad3a2-8f3b-4d69-a0f5-8d1a0b1f4c2e",
        ttl=None,
    )

    assert notification.to_payload() == {
        "app_id": "app-1",
        "contents": {"en": "Hello", "fr": "Bonjour"},
        "include_aliases": {"external_id": ["user-1", "user-2"]},
        "target_channel": "push",
        "idempotency_key": "0b6ad3a2-8f3b-4d69-a0f5-8d1a0b1f4c2e",
    }


def test_every_create_field_reaches_the_payload_under_its_wire_name() -> None:
    body: dict[str, Any] = {
        "app_id": "app-1",
        "name": "Spring sale",
        "template_id": "tmpl-1",
        "external_id": "legacy-key",
        "contents": {"en": "Sale"},
        "subtitle": {"en": "Today only"},
        "include_player_ids": ["p1"],
        "include_subscription_ids": ["s1"],
        "include_external_user_ids": ["u1"],
        "email_subject": "Sale",
        "email_body": "<p>Sale</p>",
        "email_preheader": "Inside: a sale",
        "email_from_name": "Shop",
        "email_from_address": "shop@example.com",
        "sms_from": "+15555550100",
        "sms_media_urls": ["https://example.com/a.png"],
        "send_after": "2015-09-24 14:00:00 GMT-0700",
        "delayed_option": "timezone",
        "delivery_time_of_day": "9:00AM",
        "throttle_rate_per_minute": 100,
        "buttons": [{"id": "yes", "text": "Yes", "icon": "ic_yes"}],
        "web_buttons": [{"id": "open", "text": "Open", "url": "https://example.com"}],
        "url": "https://example.com",
        "app_url": "myapp://sale",
        "web_url": "https://example.com/web",
        "big_picture": "https://example.com/big.png",
        "chrome_web_image": "https://example.com/web.png",
        "ttl": 3600,
        "priority": 10,
        "ios_sound": "ping.caf",
        "ios_category": "sale",
        "android_channel_id": "c1",
        "collapse_id": "sale",
        "thread_id": "sales",
    }

    notification = Notification.model_validate(body)

    assert notification.model_extra == {}, "every field above is a declared field, not an extra"
    assert notification.to_payload() == body


def test_send_after_given_as_a_datetime_goes_out_as_iso_8601() -> None:
    notification = Notification(app_id="a", send_after=datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC))

    assert notification.to_payload()["send_after"] == "2030-01-02T03:04:05Z"


def test_an_explicit_none_is_not_sent_but_a_false_or_zero_is() -> None:
    player = Player(device_type=1, language=None, session_count=0, rooted=False)

    assert player.to_payload() == {"device_type": 1, "session_count": 0, "rooted": False}


def test_tag_deletion_markers_are_sent_as_given() -> None:
    request = UpdatePlayerTagsRequest(tags={"level": "11", "old_tag": "", "vip": True})

    assert request.to_payload() == {"tags": {"level": "11", "old_tag": "", "vip": True}}


# --- create-notification answers ------------------------------------------------------------------------


def test_a_200_with_an_empty_id_and_a_string_error_is_not_sent() -> None:
    answer = CreateNotificationResponse.model_validate(
        {"id": "", "recipients": 0, "errors": ["All included players are not subscribed"]}
    )

    assert not answer.is_sent
    assert answer.error_messages() == ["All included players are not subscribed"]
    assert answer.invalid_recipients() is None


def test_a_send_with_dropped_recipients_reports_each_kind() -> None:
    answer = CreateNotificationResponse.model_validate(
        {
            "id": "b98881cc-1e94-4366-bbd9-db8f3429292b",
            "recipients": 2,
            "external_id": None,
            "errors": {
                "invalid_player_ids": ["5fdc92b2-3b2a-11e5-ac13-8fdccfe4d986"],
                "invalid_external_user_ids": ["gone-user"],
                "invalid_aliases": {"external_id": ["gone-user"], "crm_id": ["42"]},
            },
        }
    )

    assert answer.is_sent and answer.recipients == 2
    invalid = answer.invalid_recipients()
    assert isinstance(invalid, InvalidRecipients)
    assert invalid.invalid_player_ids == ["5fdc92b2-3b2a-11e5-ac13-8fdccfe4d986"]
    assert invalid.invalid_external_user_ids == ["gone-user"]
    assert invalid.invalid_aliases == {"external_id": ["gone-user"], "crm_id": ["42"]}
    assert answer.error_messages() == []


@pytest.mark.parametrize("errors", ["", None, [], {}])
def test_a_clean_send_has_no_errors_in_any_empty_shape(errors: object) -> None:
    answer = CreateNotificationResponse.model_validate({"id": "n-1", "recipients": 5, "errors": errors})

    assert answer.is_sent
    assert answer.error_messages() == []
    assert answer.invalid_recipients() is None


@pytest.mark.parametrize(
    ("errors", "expected"),
    [
        ({"invalid_aliases": ["not-a-map"]}, ["invalid_aliases: ['not-a-map']"]),
        ([{"code": "x", "title": "Template missing"}], ["Template missing"]),
        (
            ["Some players were unreachable", {"message": "and one more"}],
            ["Some players were unreachable", "and one more"],
        ),
        (7, ["7"]),
    ],
)
def test_an_unexpected_errors_shape_never_hides_that_the_notification_went_out(
    errors: object, expected: list[str]
) -> None:
    answer = CreateNotificationResponse.model_validate({"id": "n-1", "recipients": 3, "errors": errors})

    assert answer.is_sent and answer.recipients == 3
    assert answer.error_messages() == expected
    assert answer.to_payload()["errors"] == errors


# --- filters -------------------------------------------------------------------------------------------


def test_a_filters_array_parses_into_filters_and_operators_in_order() -> None:
    segment = Segment.model_validate(
        {
            "name": "Near and active",
            "filters": [
                {"field": "session_count", "relation": ">", "value": "1"},
                {"operator": "AND"},
                {"field": "tag", "key": "plan", "relation": "exists"},
                {"operator": "OR"},
                {"field": "location", "radius": 1000, "lat": 52.52, "long": 13.405},
                {"field": "tag", "key": "colors", "relation": "in_array", "value": "blue"},
            ],
        }
    )

    kinds = [type(item) for item in segment.filters]
    assert kinds == [Filter, Operator, Filter, Operator, Filter, Filter]
    location = segment.filters[4]
    assert isinstance(location, Filter) and location.radius == 1000 and location.long == 13.405
    assert segment.to_payload()["filters"][4] == {
        "field": "location",
        "radius": 1000.0,
        "lat": 52.52,
        "long": 13.405,
    }


def test_a_relation_or_operator_the_console_does_not_know_still_parses() -> None:
    details = SegmentDetailResponse.model_validate(
        {
            "subscriber_count": 12,
            "payload": {
                "id": "seg-1",
                "name": "New",
                "source": "api",
                "created_at": 1700000000,
                "filters": [
                    {"field": "tag", "key": "k", "relation": "starts_with", "value": "a"},
                    {"operator": "XOR"},
                ],
            },
        }
    )

    assert details.payload is not None
    assert details.payload.source == "api"
    filters = details.payload.filters or []
    assert isinstance(filters[0], Filter) and filters[0].relation == "starts_with"
    assert isinstance(filters[1], Operator) and filters[1].operator == "XOR"


def test_models_and_plain_dicts_can_be_mixed_when_building_filters() -> None:
    segment = Segment(
        name="Mixed",
        filters=[Filter(field="country", relation="=", value="DE"), {"operator": "OR"}],  # type: ignore[list-item]
    )

    assert segment.to_payload() == {
        "name": "Mixed",
        "filters": [{"field": "country", "relation": "=", "value": "DE"}, {"operator": "OR"}],
    }


def test_a_filter_without_a_field_is_rejected() -> None:
    with pytest.raises(ValidationError):
        Segment.model_validate({"name": "Broken", "filters": [{"relation": "=", "value": "1"}]})


# --- enums: strict on what we send, lenient on what we read -------------------------------------------------


def test_request_enums_reject_a_mistyped_value_before_it_is_sent() -> None:
    with pytest.raises(ValidationError):
        CreateApiKeyRequest(ip_allowlist_mode="sometimes")  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        NotificationHistoryRequest(events="opened", app_id="a")  # type: ignore[arg-type]


def test_response_enums_accept_values_a_newer_server_may_send() -> None:
    subscription = Subscription.model_validate({"id": "s", "type": "VisionOSPush", "enabled": True})
    template = Template.model_validate({"id": "t", "channel": "whatsapp", "content": {"body": "hi"}})
    app = App.model_validate({"id": "a", "apns_env": "staging"})

    assert subscription.type == "VisionOSPush"
    assert template.channel == "whatsapp"
    assert app.apns_env == "staging"


def test_known_enum_values_are_listed_for_the_ui() -> None:
    assert "SMS" in models.SUBSCRIPTION_TYPES and "iOSPush" in models.SUBSCRIPTION_TYPES
    assert models.FILTER_RELATIONS[:4] == (">", "<", "=", "!=")
    assert models.TARGET_CHANNELS == ("push", "email", "sms")
    assert models.IP_ALLOWLIST_MODES == ("disabled", "explicit")


# --- timestamps ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        1700000000,
        1700000000.0,
        "1700000000",
        1700000000000,
        "2023-11-14T22:13:20Z",
        "2023-11-14 22:13:20+00:00",
    ],
)
def test_every_timestamp_shape_onesignal_uses_reads_as_the_same_moment(value: int | float | str) -> None:
    assert parse_timestamp(value) == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)


@pytest.mark.parametrize("value", [None, "", "soon", "2023-13-45"])
def test_an_unreadable_timestamp_reads_as_none_instead_of_failing(value: str | None) -> None:
    assert parse_timestamp(value) is None


def test_timestamps_are_kept_as_the_server_sent_them() -> None:
    app = App.model_validate({"created_at": "2000-01-23T04:56:07.000Z", "updated_at": 948603367})
    player = Player.model_validate({"device_type": 0, "created_at": 1700000000, "last_active": "1700000001"})

    assert app.to_payload() == {"created_at": "2000-01-23T04:56:07.000Z", "updated_at": 948603367}
    assert player.created_at == 1700000000 and player.last_active == "1700000001"


def test_a_number_where_the_spec_says_text_is_read_as_text_instead_of_failing() -> None:
    player = Player.model_validate({"device_type": 1, "device_os": 14, "sdk": 50102, "timezone": "-28800"})

    assert player.device_os == "14" and player.sdk == "50102"
    assert player.timezone == -28800


# --- secrets ---------------------------------------------------------------------------------------------

APNS_P8 = "-----BEGIN PRIVATE KEY-----MIGTAgEAMBMGByqGSM49-----END PRIVATE KEY-----"
REST_KEY = "os_v2_app_" + "a" * 52


def test_credentials_never_show_in_a_repr_but_are_still_sent() -> None:
    app = App(
        name="Shop",
        apns_p8=APNS_P8,
        apns_p12_password="hunter2",
        basic_auth_key="legacy-rest-key",
        fcm_v1_service_account_json='{"private_key": "x"}',
    )

    for text in (repr(app), str(app)):
        assert APNS_P8 not in text
        assert "hunter2" not in text and "legacy-rest-key" not in text and "private_key" not in text
        assert "Shop" in text
    payload = app.to_payload()
    assert payload["apns_p8"] == APNS_P8 and payload["apns_p12_password"] == "hunter2"


def test_a_new_api_key_is_readable_once_but_never_in_a_repr() -> None:
    created = CreateApiKeyResponse.model_validate({"token_id": "tok-1", "formatted_token": REST_KEY})

    assert created.formatted_token == REST_KEY
    assert REST_KEY not in repr(created) and "tok-1" in repr(created)


def test_an_unknown_field_that_looks_like_a_credential_stays_out_of_the_repr() -> None:
    app = App.model_validate({"id": "a", "huawei_push_secret": "s3cr3t", "colour": "teal"})

    assert "s3cr3t" not in repr(app)
    assert "teal" in repr(app)
    assert app.to_payload()["huawei_push_secret"] == "s3cr3t"


# --- other resources -----------------------------------------------------------------------------------


def test_get_apps_answers_a_bare_array() -> None:
    apps = AppList.model_validate(
        [
            {"id": "a1", "name": "Shop", "players": 10, "messageable_players": 8, "gcm_key": "k"},
            {"id": "a2", "name": "Blog", "chrome_web_origin": "https://blog.example"},
        ]
    )

    assert [app.name for app in apps] == ["Shop", "Blog"]
    assert len(apps) == 2 and apps[0].messageable_players == 8


def test_a_player_page_and_its_device_types() -> None:
    page = PlayerSlice.model_validate(
        {
            "total_count": 2,
            "offset": 0,
            "limit": 300,
            "players": [
                {"id": "p1", "device_type": 11, "identifier": "a@example.com", "tags": {"plan": "pro"}},
                {"id": "p2", "device_type": 99, "session_count": 3, "amount_spent": "1.99"},
            ],
        }
    )

    assert [device_type_name(p.device_type) for p in page.players] == ["Email", "device type 99"]
    assert page.players[0].tags == {"plan": "pro"}


def test_a_user_exposes_its_ids_and_subscriptions() -> None:
    user = User.model_validate(
        {
            "identity": {"onesignal_id": "os-1", "external_id": "customer-9"},
            "properties": {"tags": {"vip": "true"}, "language": "en", "amount_spent": 12.5},
            "subscriptions": [{"id": "s1", "type": "Email", "token": "a@example.com", "enabled": True}],
        }
    )

    assert user.onesignal_id == "os-1" and user.external_id == "customer-9"
    assert user.subscriptions is not None and user.subscriptions[0].token == "a@example.com"
    assert UserIdentity(identity={"crm_id": "42"}).to_payload() == {"identity": {"crm_id": "42"}}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"errors": ["app_id not found"]}, ["app_id not found"]),
        ({"errors": "Rate limit exceeded"}, ["Rate limit exceeded"]),
        (
            {"errors": [{"code": "user-2", "title": "Alias already claimed", "meta": {"x": 1}}]},
            ["Alias already claimed"],
        ),
        ({"errors": {"invalid_player_ids": ["p"]}}, ["invalid_player_ids: ['p']"]),
        ({"success": False}, ["The request was not successful"]),
        ({"errors": ["Too many requests"], "limit": "send_notification"}, ["Too many requests"]),
        ({"errors": [404, {"detail": "gone"}]}, ["404", "gone"]),
        ({"errors": None, "success": True}, []),
    ],
)
def test_error_bodies_of_every_shape_read_as_messages(body: dict[str, Any], expected: list[str]) -> None:
    assert ErrorResponse.model_validate(body).messages() == expected


def test_a_structured_error_keeps_its_code_and_meta() -> None:
    error = ErrorResponse.model_validate(
        {"errors": [{"code": "user-2", "title": "Conflict", "meta": {"conflicting_aliases": {"a": "b"}}}]}
    )

    assert isinstance(error.errors, list)
    item = error.errors[0]
    assert isinstance(item, ErrorItem) and item.code == "user-2"
    assert item.meta == {"conflicting_aliases": {"a": "b"}}


# --- the public surface ------------------------------------------------------------------------------------


def test_every_client_operation_has_a_response_model() -> None:
    assert set(models.RESPONSE_MODELS) == set(SEED_OPERATIONS) | set(CURRENT_OPERATIONS)
    assert set(models.REQUEST_MODELS) <= set(models.RESPONSE_MODELS)


def _registry_models() -> list[type[BaseModel]]:
    found = {*models.RESPONSE_MODELS.values(), *models.REQUEST_MODELS.values()}
    return sorted(found, key=lambda cls: cls.__name__)


@pytest.mark.parametrize("model", _registry_models(), ids=lambda cls: cls.__name__)
def test_every_body_model_has_a_valid_json_schema(model: type[BaseModel]) -> None:
    schema = model.model_json_schema()

    jsonschema.Draft202012Validator.check_schema(schema)


def test_the_filters_schema_offers_both_a_filter_and_an_operator() -> None:
    schema = Segment.model_json_schema()
    validator = jsonschema.Draft202012Validator(schema)

    validator.validate({"name": "s", "filters": [{"field": "tag", "relation": "="}, {"operator": "OR"}]})
    with pytest.raises(jsonschema.ValidationError):
        validator.validate({"name": "s", "filters": [{"relation": "="}]})


def test_everything_public_is_exported_from_the_package() -> None:
    exported = set(models.__all__)
    for name in exported:
        assert hasattr(models, name), name
    model_classes = {
        name
        for name in exported
        if isinstance(getattr(models, name), type) and issubclass(getattr(models, name), OneSignalModel)
    }
    assert {"App", "Notification", "NotificationWithMeta", "Player", "Segment", "User", "Subscription"} <= (
        model_classes
    )
    assert {"Template", "ApiKey", "Outcome", "ExportPlayersRequest", "ExportEventsResponse"} <= model_classes
