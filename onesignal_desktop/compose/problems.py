"""The one shape every composer check reports in: a message tied to the field at fault."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One finding about a create-notification body.

    ``field`` is a dotted key into the body (``"contents.en"``, ``"buttons.3"``, ``"filters.0.value"``)
    or one of the group keys documented in :mod:`.preflight` (``"audience"``), so the form can put the
    message next to the widget that edits it. Errors block sending; warnings are advice.
    """

    field: str
    message: str
    severity: Severity = "error"

    @property
    def blocking(self) -> bool:
        return self.severity == "error"


def by_field(problems: Iterable[Problem]) -> dict[str, list[Problem]]:
    """Problems grouped by field, in the order found."""
    grouped: dict[str, list[Problem]] = {}
    for problem in problems:
        grouped.setdefault(problem.field, []).append(problem)
    return grouped


def has_blocking(problems: Iterable[Problem]) -> bool:
    return any(problem.blocking for problem in problems)
