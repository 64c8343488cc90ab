"""Audience estimate: POST /notifications/count-unsaved counts who a send would reach, sending nothing.

It takes the send's own path (:func:`notifications.send_audience` over ``sim/targeting.py``), so the
estimate is the number a send with the same targeting would report as ``recipients``.
"""

from __future__ import annotations

from typing import Any

from onesignal_desktop.sandbox.auth import require_app_key
from onesignal_desktop.sandbox.errors import bad_request, invalid_app_id
from onesignal_desktop.sandbox.routes.notifications import send_audience
from onesignal_desktop.sandbox.routing import Request, Response, Router
from onesignal_desktop.sandbox.sim.targeting import TargetingError, notification_channel, validate_targeting
from onesignal_desktop.sandbox.store import notifications as records
from onesignal_desktop.sandbox.store.audience import compile_audience, selection_key

router = Router()

# The fields count-unsaved reads (the spec's EstimateNotificationRecipientsRequest); sending fields such
# as contents are ignored, so a half-written draft can be estimated.
_TARGETING_FIELDS = ("included_segments", "excluded_segments", "filters", "include_aliases", "target_channel")
_CHANNELS = ("push", "email", "sms")


def estimate_body(body: dict[str, Any]) -> dict[str, Any]:
    """The targeting part of a count-unsaved body, checked like OneSignal checks it."""
    channel = body.get("target_channel")
    if channel is not None and channel not in _CHANNELS:
        raise bad_request("target_channel must be one of push, email, sms")
    targeting = {key: body[key] for key in _TARGETING_FIELDS if body.get(key) is not None}
    aliases = targeting.get("include_aliases")
    if aliases is not None and "target_channel" not in targeting:
        targeting["target_channel"] = "push"  # the spec's default for an estimate
    return targeting


@router.post("/notifications/count-unsaved")
def count_unsaved(req: Request) -> Response:
    body = req.json_object()
    app_id = body.get("app_id")
    if not isinstance(app_id, str) or not app_id:
        raise invalid_app_id()
    require_app_key(req, app_id)
    targeting = estimate_body(body)
    store = req.ctx.store
    segments = records.segment_filters(store, app_id)
    try:
        validate_targeting(targeting, segments)
    except TargetingError as error:
        raise bad_request(*error.messages) from None
    now = req.ctx.clock.now()
    channel = notification_channel(targeting)

    def counted() -> int | None:
        # Built-in segments alone: the send's own SQL selection, counted instead of listed.
        count = records.builtin_segment_count(store, app_id, targeting, channel, now)
        compiled = None if count is not None else compile_audience(app_id, targeting, channel, segments, now)
        if compiled is not None:
            count = compiled.count(store)  # filters and created segments: counted per distinct value
        return count

    key = selection_key("count", app_id, targeting, channel, segments, now)
    count: int | None = None if key is None else store.cached_audience(key, counted)
    if count is None:
        count = send_audience(store, app_id, targeting, now, segments).count
    return Response.json(
        {
            "count": count,
            "uncapped_count": count,
            "cap_applied": False,
            "mobile_suppressed": False,
            "mobile_excluded_count": 0,
        }
    )
