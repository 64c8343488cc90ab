"""``GET /apps/{app_id}/outcomes``: clicks, session duration and custom outcomes (see sim/outcomes.py)."""

from __future__ import annotations

from onesignal_desktop.sandbox.auth import require_app_key
from onesignal_desktop.sandbox.errors import bad_request
from onesignal_desktop.sandbox.routing import Request, Response, Router
from onesignal_desktop.sandbox.sim.outcomes import (
    OutcomeQueryError,
    compute_outcomes,
    parse_attribution,
    parse_outcome_names,
    parse_platforms,
    parse_time_range,
)
from onesignal_desktop.sandbox.store import notifications as records

router = Router()

# Outcome data lives about 30 days on OneSignal; notifications queued earlier than this are ignored.
RETENTION_SECONDS = 31 * 86400.0


@router.get("/apps/{app_id}/outcomes")
def get_outcomes(req: Request) -> Response:
    app_id = req.params["app_id"]
    require_app_key(req, app_id)
    try:
        requests = parse_outcome_names(req.arg("outcome_names"), req.query.get("outcome_names[]", []))
        time_range = parse_time_range(req.arg("outcome_time_range"))
        platforms = parse_platforms(req.arg("outcome_platforms"))
        attribution = parse_attribution(req.arg("outcome_attribution"))
    except OutcomeQueryError as error:
        raise bad_request(*error.messages) from None
    now = req.ctx.clock.now()
    store = req.ctx.store
    outcomes = compute_outcomes(
        app_id=app_id,
        plans=records.delivery_plans(store, app_id, now - RETENTION_SECONDS),
        players_by_device=records.subscribed_by_device(store, app_id),
        requests=requests,
        now=now,
        time_range=time_range,
        platforms=platforms,
        attribution=attribution,
    )
    return Response.json({"outcomes": outcomes})
