"""Email analytics and unsubscribe:

- GET /apps/{app_id}/email_analytics/delivery_metrics: bounce and complaint rates, 24 h / 7 d / 30 d;
- GET .../provider_metrics (domain, start, end) and .../provider_metrics_timeseries (+ granularity,
  providers[]): the figures of the app's email sends by inbox provider (``sim/email_metrics.py``);
- POST /apps/{app_id}/notifications/{notification_id}/unsubscribe?token=: the email subscription the
  token was made for stops receiving email.
"""

from __future__ import annotations

from datetime import UTC, datetime

from onesignal_desktop.sandbox.auth import require_app_key
from onesignal_desktop.sandbox.errors import ApiError, bad_request
from onesignal_desktop.sandbox.routing import Request, Response, Router
from onesignal_desktop.sandbox.sim import email_metrics as em
from onesignal_desktop.sandbox.sim.delivery import DeliveryPlan
from onesignal_desktop.sandbox.sim.targeting import EMAIL_DEVICE_TYPE
from onesignal_desktop.sandbox.sim.unsubscribe import subscription_of_token
from onesignal_desktop.sandbox.store import notifications as records

router = Router()

MAX_AGE_SECONDS = 365 * 86400
MAX_BUCKETS = 2000
GRANULARITIES = ("hourly", "daily", "monthly")
WINDOWS = {"last_24_hours": 86400, "last_7_days": 7 * 86400, "last_30_days": 30 * 86400}
UNSUBSCRIBED = -2  # OneSignal's notification_types of a subscription that unsubscribed


def _email_plans(req: Request, app_id: str, since: float) -> list[DeliveryPlan]:
    plans = records.delivery_plans(req.ctx.store, app_id, since - 30 * 86400)
    return [plan for plan in plans if em.is_email_send(plan) and plan.send_start >= since]


def _rate(part: int, whole: int) -> float:
    return round(part / whole, 6) if whole else 0.0


@router.get("/apps/{app_id}/email_analytics/delivery_metrics")
def delivery_metrics(req: Request) -> Response:
    app_id = req.params["app_id"]
    require_app_key(req, app_id)
    now = req.ctx.clock.now()
    plans = _email_plans(req, app_id, now - WINDOWS["last_30_days"])
    answer: dict[str, dict[str, float]] = {}
    for name, seconds in WINDOWS.items():
        total = em.totals((p for p in plans if p.send_start >= now - seconds), now)
        answer[name] = {
            "bounce_rate": _rate(total.bounced, total.sent),
            "complaint_rate": _rate(total.complained, total.delivered),
        }
    return Response.json(answer)


def _time(req: Request, name: str) -> float:
    raw = req.arg(name)
    if not raw:
        raise bad_request(f"{name} is required (an ISO 8601 time, like 2026-08-01T00:00:00Z)")
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise bad_request(f"{name} must be an ISO 8601 time, like 2026-08-01T00:00:00Z") from None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


def _window(req: Request) -> tuple[str, float, float]:
    domain = req.arg("domain")
    if not domain or not domain.strip():
        raise bad_request("domain is required (a sending domain of this app)")
    start, end = _time(req, "start"), _time(req, "end")
    if start >= end:
        raise bad_request("start must be before end")
    if start < req.ctx.clock.now() - MAX_AGE_SECONDS:
        raise bad_request("start must be no more than 365 days ago")
    return domain.strip().lower(), start, end


def _plans_between(req: Request, app_id: str, start: float, end: float) -> list[DeliveryPlan]:
    return [p for p in _email_plans(req, app_id, start) if p.send_start < end]


@router.get("/apps/{app_id}/email_analytics/provider_metrics")
def provider_metrics(req: Request) -> Response:
    app_id = req.params["app_id"]
    require_app_key(req, app_id)
    domain, start, end = _window(req)
    if domain != em.SANDBOX_SENDING_DOMAIN:
        return Response.json({"providers": []})  # the spec: a domain not configured for the app
    plans = _plans_between(req, app_id, start, end)
    figures = em.by_provider(plans, req.ctx.clock.now())
    return Response.json(
        {"providers": [{"provider": name, "metrics": metrics.as_json()} for name, metrics in figures.items()]}
    )


@router.get("/apps/{app_id}/email_analytics/provider_metrics_timeseries")
def provider_metrics_timeseries(req: Request) -> Response:
    app_id = req.params["app_id"]
    require_app_key(req, app_id)
    domain, start, end = _window(req)
    granularity = req.arg("granularity")
    if granularity not in GRANULARITIES:
        raise bad_request("granularity must be one of hourly, daily, monthly")
    chosen = [
        v
        for raw in req.query.get("providers[]", []) + req.query.get("providers", [])
        for v in raw.split(",")
        if v
    ]
    unknown = sorted(set(chosen) - set(em.ALL_PROVIDER_NAMES))
    if unknown:
        raise bad_request(
            f"providers has unknown values {', '.join(unknown)}: use {', '.join(em.ALL_PROVIDER_NAMES)}"
        )
    starts = em.bucket_starts(start, end, granularity)
    if len(starts) > MAX_BUCKETS:
        raise bad_request(f"granularity {granularity} gives {len(starts)} points: at most {MAX_BUCKETS}")
    if domain != em.SANDBOX_SENDING_DOMAIN:
        return Response.json({"events": []})
    now = req.ctx.clock.now()
    plans = _plans_between(req, app_id, start, end)
    events = []
    for bucket in starts:
        following = em.next_bucket(bucket, granularity)
        inside = [p for p in plans if bucket <= p.send_start < following]
        metrics = em.totals(inside, now, chosen or None)
        stamp = datetime.fromtimestamp(bucket, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        events.append({"date": stamp, "metrics": metrics.as_json()})
    return Response.json({"events": events})


@router.post("/apps/{app_id}/notifications/{notification_id}/unsubscribe")
def unsubscribe_email_with_token(req: Request) -> Response:
    app_id, notification_id = req.params["app_id"], req.params["notification_id"]
    require_app_key(req, app_id)
    token = req.arg("token")
    if not token:
        raise bad_request("token is required (the email's {{subscription.unsubscribe_token}})")
    record = records.get_notification(req.ctx.store, app_id, notification_id, with_recipients=True)
    if record is None:
        raise ApiError(404, ["Notification not found"])
    if record.plan.platform_counts.get(EMAIL_DEVICE_TYPE, 0) == 0:
        raise bad_request("notification_id is not an email: only email subscriptions unsubscribe by token")
    subscription_id = subscription_of_token(req.ctx.keys, notification_id, token)
    if subscription_id is None or subscription_id not in record.recipient_ids:
        raise bad_request("token is not an unsubscribe token of this notification")
    req.ctx.store.update_subscription(subscription_id, {"notification_types": UNSUBSCRIBED, "enabled": False})
    return Response.json({"success": True})
