"""Outcomes: aggregated conversion totals of an app (app REST key)."""

from __future__ import annotations

from collections.abc import Sequence

from onesignal_desktop.api._core import ClientCore, Operation
from onesignal_desktop.api.auth import KeyKind
from onesignal_desktop.api.models import OutcomesResponse

__all__ = ["OutcomeOperations"]

GET_OUTCOMES = Operation("get_outcomes", "GET", "/apps/{app_id}/outcomes", KeyKind.APP)


def _comma_list(value: str | Sequence[str | int] | None) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return ",".join(str(part) for part in value)


class OutcomeOperations(ClientCore):
    def get_outcomes(
        self,
        app_id: str,
        outcome_names: str | Sequence[str],
        outcome_time_range: str | None = None,
        outcome_platforms: str | Sequence[str | int] | None = None,
        outcome_attribution: str | None = None,
        *,
        outcome_names_array: Sequence[str] | None = None,
    ) -> OutcomesResponse:
        """Totals for ``outcome_names`` ("os__click.count", "Purchase.sum", ... as a list or a comma
        string). Names that contain a comma go in ``outcome_names_array`` (sent as ``outcome_names[]``)."""
        params = {
            "outcome_names": _comma_list(outcome_names),
            "outcome_names[]": list(outcome_names_array) if outcome_names_array else None,
            "outcome_time_range": outcome_time_range,
            "outcome_platforms": _comma_list(outcome_platforms),
            "outcome_attribution": outcome_attribution,
        }
        return self._request(
            GET_OUTCOMES, app_id=app_id, path_params={"app_id": app_id}, params=params
        ).model(OutcomesResponse)
