"""A notification's events over time, from its event export (``POST /notifications/{id}/export_events``).

No Qt here. The export is a gzipped CSV with one row per event (``notification_id, player_id,
external_user_id, event, device_type, timestamp``). :func:`count_events` adds the rows up per event and
minute; a big export is counted in a child process (``python -m`` this module, see :func:`count_in_child`)
so the console's UI thread never waits for the parsing thread's hold on the interpreter.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from onesignal_desktop.child_processes import child_python_path, is_frozen
from onesignal_desktop.ui.common.charts.data import ChartData, Series, Style, XKind

#: Order and colours of the event kinds OneSignal exports (others follow in grey).
EVENT_KINDS: tuple[tuple[str, str, str], ...] = (
    ("sent", "Sent", "#7f8c8d"),
    ("received", "Confirmed delivered", "#3b7dd8"),
    ("clicked", "Clicked", "#2e9d5b"),
)
EVENT_LABELS = {kind: label for kind, label, _ in EVENT_KINDS}
MINUTE = 60
#: The curve's points: every minute for the first 2 hours, then every 10 minutes, then hourly.
FINE_UNTIL_MINUTES, MEDIUM_UNTIL_MINUTES = 120, 24 * 60


def _minute_epoch(stamp: str, cache: dict[str, int]) -> int:
    epoch = cache.get(stamp)
    if epoch is None:
        parsed = datetime.strptime(stamp, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
        epoch = cache[stamp] = int(parsed.timestamp())
    return epoch


def count_lines(lines: Iterable[str]) -> dict[str, dict[int, int]]:
    """event -> {minute (epoch) -> events}. The last three columns are event, device_type and timestamp;
    splitting from the right keeps an external id with commas in it from shifting them."""
    counts: Counter[tuple[str, str]] = Counter()
    iterator = iter(lines)
    next(iterator, None)  # the header
    for line in iterator:
        parts = line.rsplit(",", 3)
        if len(parts) == 4:
            counts[(parts[1], parts[3][:16])] += 1
    cache: dict[str, int] = {}
    out: dict[str, dict[int, int]] = {}
    for (event, stamp), number in counts.items():
        try:
            minute = _minute_epoch(stamp, cache)
        except ValueError:
            continue
        per_minute = out.setdefault(event.strip().strip('"'), {})
        per_minute[minute] = per_minute.get(minute, 0) + number
    return out


def count_events(path: str | os.PathLike[str]) -> dict[str, dict[int, int]]:
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:  # type: ignore[operator]
        return count_lines(line.rstrip("\r\n") for line in handle)


def count_in_child(path: Path, cancelled: Callable[[], bool]) -> dict[str, dict[int, int]]:
    """:func:`count_events` in a child process (its own interpreter lock); in this process where there is
    no Python to start (a frozen build). Checks ``cancelled`` every 50 ms and kills the child if so."""
    if is_frozen():
        return count_events(path)
    environment = dict(os.environ)
    environment["PYTHONPATH"] = child_python_path(environment.get("PYTHONPATH", ""))
    child = subprocess.Popen(
        [sys.executable, "-m", __name__, str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment,
    )
    while child.poll() is None:
        if cancelled():
            child.kill()
            child.wait()
            raise InterruptedError("counting the events was stopped")
        time.sleep(0.05)
    out, err = child.communicate()
    if child.returncode != 0:
        last = err.decode("utf-8", "replace").strip().splitlines()
        raise RuntimeError(f"counting the events failed ({last[-1] if last else child.returncode})")
    answer = json.loads(out)
    return {event: {int(minute): n for minute, n in minutes.items()} for event, minutes in answer.items()}


def curve_points(span: int) -> list[int]:
    """Minutes since a send at which a curve is drawn, up to ``span``: every minute for the first two
    hours, every 10 minutes to a day, then hourly (a 90-day-old send stays a few thousand points)."""
    points = list(range(0, min(span, FINE_UNTIL_MINUTES) + 1))
    points += list(range(FINE_UNTIL_MINUTES + 10, min(span, MEDIUM_UNTIL_MINUTES) + 10, 10))
    points += list(range(MEDIUM_UNTIL_MINUTES + 60, span + 60, 60))
    return points


@dataclass
class Timeline:
    """Cumulative events per kind over hours since the first send."""

    sent_at: float
    exported_at: float
    counts: dict[str, dict[int, int]] = field(default_factory=dict)

    def total(self, event: str) -> int:
        return sum(self.counts.get(event, {}).values())

    def kinds(self) -> list[tuple[str, str, str]]:
        known = [kind for kind in EVENT_KINDS if kind[0] in self.counts]
        others = [
            (event, event.capitalize(), "#c2569b")
            for event in sorted(self.counts)
            if event not in EVENT_LABELS
        ]
        return known + others

    def span_minutes(self) -> int:
        """Minutes from the first send to the last event exported (at least 1)."""
        last = max((m for per in self.counts.values() for m in per), default=int(self.sent_at))
        return max(1, (last - int(self.sent_at)) // MINUTE + 1)

    def minutes(self) -> list[int]:
        """The points of the curve, in minutes since the first send: fine at first, coarser later."""
        return curve_points(self.span_minutes())

    def cumulative(self, event: str, points: list[int]) -> list[float]:
        per_minute = sorted(self.counts.get(event, {}).items())
        values: list[float] = []
        running = 0
        index = 0
        for point in points:
            limit = self.sent_at + point * MINUTE
            while index < len(per_minute) and per_minute[index][0] <= limit:
                running += per_minute[index][1]
                index += 1
            values.append(float(running))
        return values

    def chart(self, title: str = "Events since sent (cumulative, from the event export)") -> ChartData:
        points = self.minutes()
        return ChartData(
            title,
            [point / 60 for point in points],
            [Series(label, self.cumulative(event, points), color) for event, label, color in self.kinds()],
            x_kind=XKind.HOURS,
            style=Style.LINES,
            x_label="hours since sent",
        )

    def half_of_clicks_hours(self) -> float | None:
        """Hours from the first send until half of the exported clicks had happened."""
        total = self.total("clicked")
        if not total:
            return None
        running = 0
        for minute, number in sorted(self.counts["clicked"].items()):
            running += number
            if running * 2 >= total:
                return max(0.0, (minute - self.sent_at) / 3600)
        return None


def timeline_of(counts: dict[str, dict[int, int]], sent_at: float | None, exported_at: float) -> Timeline:
    """The first ``sent`` minute is the start (else the notification's own send time)."""
    sent_minutes = counts.get("sent") or {}
    start = min(sent_minutes) if sent_minutes else (int(sent_at // MINUTE * MINUTE) if sent_at else 0)
    if not sent_minutes and not sent_at:
        start = min((m for per in counts.values() for m in per), default=0)
    return Timeline(float(start), exported_at, counts)


def main(argv: list[str]) -> int:
    counts = count_events(argv[0])
    sys.stdout.write(
        json.dumps({event: {str(m): n for m, n in per.items()} for event, per in counts.items()})
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
