"""The models against OneSignal's published OpenAPI specs: every documented field is a typed field, and
every example body parses and goes back out unchanged.

The specs are vendored into the project (tests/data/openapi); without them these tests fail.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from pydantic import BaseModel

from onesignal_desktop.api import models as m
from onesignal_desktop.api.models import custom_event, journey

REPO_ROOT = Path(__file__).resolve().parents[2]
SPEC_DIR = REPO_ROOT / "tests" / "data" / "openapi"
V1_NAME = "onesignal-v1.2.2.json"
V5_NAME = "onesignal-v5.12.0.yaml"


class _SpecLoader(yaml.SafeLoader):
    """Reads the v5 yaml as a JSON client would see the bodies: its custom ``value`` tag is a plain
    string and dates stay strings (PyYAML would otherwise turn them into datetime objects)."""


_SpecLoader.add_constructor("tag:yaml.org,2002:value", lambda loader, node: loader.construct_scalar(node))
_SpecLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _load_v1() -> dict[str, Any]:
    spec: dict[str, Any] = json.loads((SPEC_DIR / V1_NAME).read_text(encoding="utf-8"))
    return spec


def _load_v5() -> dict[str, Any]:
    spec: dict[str, Any] = yaml.load((SPEC_DIR / V5_NAME).read_text(encoding="utf-8"), Loader=_SpecLoader)
    return spec


# Loaded once at collection, because the example test is parametrized by the examples the spec has.
V5_SPEC: dict[str, Any] = _load_v5()


@pytest.fixture(scope="module")
def v1() -> dict[str, Any]:
    return _load_v1()


@pytest.fixture(scope="module")
def v5() -> dict[str, Any]:
    return V5_SPEC


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = spec["components"]["schemas"][name]
    return schema


def spec_properties(spec: dict[str, Any], name: str) -> set[str]:
    """Every property a schema documents, through $ref, allOf and anyOf."""
    found: set[str] = set()

    def walk(schema: dict[str, Any]) -> None:
        schema = _resolve(spec, schema)
        found.update(schema.get("properties", {}))
        for combinator in ("allOf", "anyOf", "oneOf"):
            for part in schema.get(combinator, []):
                walk(part)

    walk(spec["components"]["schemas"][name])
    return found


def declared_fields(model: type[BaseModel]) -> set[str]:
    return {field.alias or name for name, field in model.model_fields.items()}


# Spec schema -> our model, for both spec versions.
V5_MODELS: dict[str, type[BaseModel]] = {
    "App": m.App,
    "Segment": m.Segment,
    "SegmentData": m.SegmentData,
    "GetSegmentsSuccessResponse": m.SegmentSlice,
    "SegmentDetails": m.SegmentDetails,
    "GetSegmentSuccessResponse": m.SegmentDetailResponse,
    "UpdateSegmentRequest": m.UpdateSegmentRequest,
    "UpdateSegmentSuccessResponse": m.UpdateSegmentResponse,
    "CreateSegmentSuccessResponse": m.CreateSegmentResponse,
    "CreateSegmentConflictResponse": m.CreateSegmentResponse,
    "Filter": m.Filter,
    "Operator": m.Operator,
    "OutcomeData": m.Outcome,
    "OutcomesData": m.OutcomesResponse,
    "Notification": m.Notification,
    "NotificationWithMeta": m.NotificationWithMeta,
    "NotificationSlice": m.NotificationSlice,
    "PlatformDeliveryData": m.PlatformDeliveryStats,
    "DeliveryData": m.DeliveryStats,
    "PlatformDeliveryData_sms_allOf": m.SmsDeliveryStats,
    "PlatformDeliveryData_email_allOf": m.EmailDeliveryStats,
    "Button": m.Button,
    "WebButton": m.WebButton,
    "BasicNotification_allOf_android_background_layout": m.AndroidBackgroundLayout,
    "CreateNotificationSuccessResponse": m.CreateNotificationResponse,
    "GenericSuccessBoolResponse": m.SuccessResponse,
    "NotificationHistorySuccessResponse": m.NotificationHistoryResponse,
    "get_notification_history_request_body": m.NotificationHistoryRequest,
    "export_subscriptions_request_body": m.ExportPlayersRequest,
    "ExportSubscriptionsSuccessResponse": m.ExportPlayersResponse,
    "ExportEventsSuccessResponse": m.ExportEventsResponse,
    "PropertiesObject": m.UserProperties,
    "PropertiesDeltas": m.PropertiesDeltas,
    "Purchase": m.Purchase,
    "Subscription": m.Subscription,
    "User": m.User,
    "UpdateUserRequest": m.UpdateUserRequest,
    "PropertiesBody": m.PropertiesBody,
    "SubscriptionBody": m.SubscriptionBody,
    "TransferSubscriptionRequestBody": m.TransferSubscriptionRequest,
    "UserIdentityBody": m.UserIdentity,
    "CreateUserConflictResponse_errors_inner": m.ErrorItem,
    "GenericError": m.ErrorResponse,
    "RateLimitError": m.ErrorResponse,
    "CreateTemplateRequest": m.CreateTemplateRequest,
    "UpdateTemplateRequest": m.UpdateTemplateRequest,
    "CopyTemplateRequest": m.CopyTemplateRequest,
    "TemplateResource": m.Template,
    "TemplatesListResponse": m.TemplateList,
    "ApiKeyToken": m.ApiKey,
    "ApiKeyTokensListResponse": m.ApiKeyList,
    "CreateApiKeyRequest": m.CreateApiKeyRequest,
    "UpdateApiKeyRequest": m.UpdateApiKeyRequest,
    "CreateApiKeyResponse": m.CreateApiKeyResponse,
    "CustomEvent": custom_event.CustomEvent,
    "CustomEventsRequest": custom_event.CustomEventsRequest,
    "CustomEventsResponse": custom_event.CustomEventsResponse,
    "JourneySchedule": journey.JourneySchedule,
    "JourneyReentryRules": journey.JourneyReentryRules,
    "JourneyEventAttribute": journey.JourneyEventAttribute,
    "JourneyAudience": journey.JourneyAudience,
    "JourneyEarlyExit": journey.JourneyEarlyExit,
    "JourneyEarlyExit_rules": journey.JourneyEarlyExitRules,
    "JourneyEarlyExit_rules_on_segment": journey.JourneyEarlyExitRulesOnSegment,
    "JourneyEarlyExit_rules_on_event": journey.JourneyEarlyExitRulesOnEvent,
    "JourneyTimePoint": journey.JourneyTimePoint,
    "JourneyTimeWindow": journey.JourneyTimeWindow,
    "JourneyCondition": journey.JourneyCondition,
    "JourneyWaitUntilExpiration": journey.JourneyWaitUntilExpiration,
    "JourneyNode": journey.JourneyNode,
    "JourneyBranch": journey.JourneyBranch,
    "Journey": journey.Journey,
    "JourneyListAudience": journey.JourneyListAudience,
    "JourneyListItem": journey.JourneyListItem,
    "JourneyListResponse": journey.JourneyListResponse,
    "CreateJourneyRequest": journey.CreateJourneyRequest,
    "UpdateJourneyRequest": journey.UpdateJourneyRequest,
    "UpdateJourneyNodeRequest": journey.UpdateJourneyNodeRequest,
    "JourneyMessageStats": journey.JourneyMessageStats,
    "JourneyNodeStats": journey.JourneyNodeStats,
    "JourneyBranchStats": journey.JourneyBranchStats,
    "JourneyStats": journey.JourneyStats,
}
V1_MODELS: dict[str, type[BaseModel]] = {
    "App": m.App,
    "Notification": m.Notification,
    "NotificationWithMeta": m.NotificationWithMeta,
    "NotificationSlice": m.NotificationSlice,
    "Player": m.Player,
    "PlayerSlice": m.PlayerSlice,
    "Filter": m.Filter,
    "Segment": m.Segment,
    "InvalidIdentifierError": m.InvalidRecipients,
    "CreateNotificationSuccessResponse": m.CreateNotificationResponse,
    "CancelNotificationSuccessResponse": m.CancelNotificationResponse,
    "UpdatePlayerTagsSuccessResponse": m.UpdatePlayerTagsResponse,
    "CreateSegmentConflictResponse": m.CreateSegmentResponse,
    "DeleteSegmentSuccessResponse": m.DeleteSegmentResponse,
    "CreatePlayerSuccessResponse": m.CreatePlayerResponse,
    "DeletePlayerSuccessResponse": m.DeletePlayerResponse,
    "UpdatePlayerSuccessResponse": m.UpdatePlayerResponse,
    "ExportPlayersSuccessResponse": m.ExportPlayersResponse,
    "SubscriptionObject": m.Subscription,
    "User": m.User,
    "CreateSubscriptionRequestBody": m.CreateSubscriptionRequest,
    "UpdateSubscriptionRequestBody": m.UpdateSubscriptionRequest,
    "UserIdentityRequestBody": m.UserIdentity,
    "UserIdentityResponse": m.UserIdentity,
}
# Outcome fields the spec generator merged into BasicNotification; a notification has no such fields.
NOT_NOTIFICATION_FIELDS = {"value", "aggregation"}


@pytest.mark.parametrize(("schema_name", "model"), V5_MODELS.items(), ids=list(V5_MODELS))
def test_every_v5_documented_field_is_a_typed_field(
    v5: dict[str, Any], schema_name: str, model: type[BaseModel]
) -> None:
    missing = spec_properties(v5, schema_name) - declared_fields(model) - NOT_NOTIFICATION_FIELDS

    assert not missing, f"{model.__name__} lacks {sorted(missing)} of {schema_name}"


@pytest.mark.parametrize(("schema_name", "model"), V1_MODELS.items(), ids=list(V1_MODELS))
def test_every_v1_documented_field_is_a_typed_field(
    v1: dict[str, Any], schema_name: str, model: type[BaseModel]
) -> None:
    missing = spec_properties(v1, schema_name) - declared_fields(model) - NOT_NOTIFICATION_FIELDS

    assert not missing, f"{model.__name__} lacks {sorted(missing)} of {schema_name}"


def test_every_v5_schema_with_an_example_is_mapped_to_a_model(v5: dict[str, Any]) -> None:
    # Audit logs and live activities are mapped in their own tests.
    out_of_scope = (
        "AuditLog",
        "ListAuditLogs",
        "LiveActivity",
        "StartLiveActivity",
    )
    with_examples = {
        name
        for name, schema in v5["components"]["schemas"].items()
        if "example" in schema and not any(word in name for word in out_of_scope)
    }
    unmapped = with_examples - set(V5_MODELS) - {"LanguageStringMap", "IdentityObject"}

    assert not unmapped


def _without_placeholders(value: Any) -> Any:
    """Drop the nulls the spec generator writes for list items it could not render (oneOf items)."""
    if isinstance(value, dict):
        return {key: _without_placeholders(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_without_placeholders(item) for item in value if item is not None]
    return value


def _v5_examples() -> list[tuple[str, type[BaseModel]]]:
    schemas = V5_SPEC.get("components", {}).get("schemas", {})
    return [(name, model) for name, model in V5_MODELS.items() if "example" in schemas.get(name, {})]


@pytest.mark.parametrize(("schema_name", "model"), _v5_examples(), ids=[name for name, _ in _v5_examples()])
def test_each_v5_example_parses_and_goes_back_out_unchanged(
    v5: dict[str, Any], schema_name: str, model: type[BaseModel]
) -> None:
    example = _without_placeholders(v5["components"]["schemas"][schema_name]["example"])

    parsed = model.model_validate(example)

    assert isinstance(parsed, m.OneSignalModel)
    assert parsed.to_payload() == example
    assert parsed.model_extra == {}, f"{schema_name} example fields ended up untyped"
    # Bodies generated from our JSON schemas (bad-input property tests) must include the real ones.
    jsonschema.validate(example, model.model_json_schema())


def test_the_v5_create_notification_example_reads_as_sent_with_no_errors(v5: dict[str, Any]) -> None:
    example = v5["components"]["schemas"]["CreateNotificationSuccessResponse"]["example"]

    answer = m.CreateNotificationResponse.model_validate(example)

    assert answer.is_sent  # its id is the placeholder "id"; its errors an empty string
    assert answer.error_messages() == []


def test_request_models_require_what_the_spec_requires(v1: dict[str, Any], v5: dict[str, Any]) -> None:
    pairs: list[tuple[dict[str, Any], str, type[BaseModel]]] = [
        (v5, "Segment", m.Segment),
        (v5, "UpdateSegmentRequest", m.UpdateSegmentRequest),
        (v5, "CreateTemplateRequest", m.CreateTemplateRequest),
        (v5, "CopyTemplateRequest", m.CopyTemplateRequest),
        (v5, "Purchase", m.Purchase),
        (v5, "OutcomeData", m.Outcome),
        (v5, "Button", m.Button),
        (v5, "WebButton", m.WebButton),
        (v1, "Player", m.CreatePlayerRequest),
    ]
    for spec, name, model in pairs:
        required = set(spec["components"]["schemas"][name].get("required", []))
        declared_required = {
            field.alias or key for key, field in model.model_fields.items() if field.is_required()
        }
        assert required <= declared_required, f"{model.__name__}: {sorted(required - declared_required)}"


def test_every_documented_subscription_type_and_filter_relation_is_known(v5: dict[str, Any]) -> None:
    schemas = v5["components"]["schemas"]

    assert set(schemas["Subscription"]["properties"]["type"]["enum"]) == set(m.SUBSCRIPTION_TYPES)
    assert set(schemas["Filter"]["properties"]["relation"]["enum"]) == set(m.FILTER_RELATIONS)
    assert set(schemas["TemplateResource"]["properties"]["channel"]["enum"]) == set(m.TEMPLATE_CHANNELS)
    assert set(schemas["ApiKeyToken"]["properties"]["ip_allowlist_mode"]["enum"]) == set(m.IP_ALLOWLIST_MODES)
    assert set(schemas["App"]["properties"]["apns_env"]["enum"]) == set(m.APNS_ENVS)
    assert set(schemas["OutcomeData"]["properties"]["aggregation"]["enum"]) == set(m.OUTCOME_AGGREGATIONS)
    target = schemas["SubscriptionNotificationTarget"]["properties"]["target_channel"]["enum"]
    assert set(target) == set(m.TARGET_CHANNELS)
