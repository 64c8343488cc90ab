"""What the Journeys tab fetches (run off the UI thread): the journeys with their full definition and
stats, and the app's segments and templates (names for the list, choices for the forms)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from onesignal_desktop.bridge import CancelToken
from onesignal_desktop.ui.journeys.model import JourneyRow

#: Journeys fetched at most (pages of 50): a console list, not an export.
MAX_JOURNEYS = 500


@dataclass
class JourneysSnapshot:
    rows: list[JourneyRow] = field(default_factory=list)
    segments: list[tuple[str, str]] = field(default_factory=list)  # (id, name)
    templates: list[dict[str, Any]] = field(default_factory=list)  # id, name, channel, content


def _json(model: Any) -> dict[str, Any]:
    data: dict[str, Any] = model.model_dump(mode="json", exclude_none=True)
    return data


def load_journeys(client: Any, app_id: str, token: CancelToken) -> JourneysSnapshot:
    snapshot = JourneysSnapshot()
    for page in client.iter_journey_pages(app_id, max_items=MAX_JOURNEYS, cancel=lambda: token.cancelled):
        for item in page.items:
            token.check()
            journey = client.view_journey(app_id, str(item.id))
            stats = client.view_journey_stats(app_id, str(item.id))
            snapshot.rows.append(JourneyRow(_json(journey), _json(stats)))
    token.check()
    segments = client.get_segments(app_id, limit=300).segments or []
    snapshot.segments = [(str(s.id), str(s.name or s.id)) for s in segments if s.id]
    templates = client.view_templates(app_id, limit=50).templates or []
    snapshot.templates = [_json(t) for t in templates]
    return snapshot


def load_stats(client: Any, app_id: str, journey_id: str) -> dict[str, Any]:
    return _json(client.view_journey_stats(app_id, journey_id))


def load_journey(client: Any, app_id: str, journey_id: str) -> JourneyRow:
    return JourneyRow(
        _json(client.view_journey(app_id, journey_id)), _json(client.view_journey_stats(app_id, journey_id))
    )
