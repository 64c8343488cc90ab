"""Writes synthetic players exports in OneSignal's CSV format, for tests, benchmarks and screenshots."""

from __future__ import annotations

import gzip
import json
import random
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from onesignal_desktop.sandbox.sim.csv_export import EXTRA_COLUMNS, PLAYER_COLUMNS

#: The columns of a players export with every extra field, the way the sandbox writes them.
COLUMNS = PLAYER_COLUMNS + EXTRA_COLUMNS

_LANGUAGES = ("en", "de", "fr", "es", "pt", "ja", "zh-Hans", "ru", "it", "nl")
_COUNTRIES = ("US", "DE", "FR", "ES", "BR", "JP", "CN", "RU", "IT", "NL", "GB", "IN")
_MODELS = ("iPhone14,2", "Pixel 7", "SM-G991B", "Linux armv8l", "MacIntel", "Win32", "iPad13,1")
_TIMEZONES = (-28800, -18000, 0, 3600, 7200, 19800, 32400)


def _quote(text: str) -> str:
    if any(mark in text for mark in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def export_lines(rows: int, *, seed: int = 7, multiline_every: int = 0) -> Iterator[str]:
    """The header and ``rows`` records; every ``multiline_every``-th row has a device_model with a newline."""
    chooser = random.Random(seed)
    yield ",".join(COLUMNS) + "\n"
    base_time = 1_600_000_000
    for number in range(rows):
        tags = {"level": str(chooser.randint(1, 60)), "plan": chooser.choice(("free", "pro", "team"))}
        model = chooser.choice(_MODELS)
        if multiline_every and number % multiline_every == 0:
            # A hand-set model name with a comma, quotes and a line break: the cell must stay one cell.
            model = f'Custom "Kiosk", row {number}\nsecond line'
        created = base_time + chooser.randint(0, 60_000_000)
        fields = (
            str(uuid.UUID(int=chooser.getrandbits(128), version=4)),
            f"{chooser.getrandbits(64):016x}",
            str(chooser.randint(1, 500)),
            chooser.choice(_LANGUAGES),
            str(chooser.choice(_TIMEZONES)),
            f"{chooser.randint(1, 9)}.{chooser.randint(0, 20)}",
            str(chooser.randint(8, 17)),
            str(chooser.choice((0, 1, 5, 11))),
            _quote(model),
            "",
            _quote(json.dumps(tags)),
            _timestamp(created + chooser.randint(0, 5_000_000)),
            str(chooser.randint(0, 200_000)),
            f"{chooser.randint(0, 5000) / 100:.2f}",
            _timestamp(created),
            chooser.choice("ffft"),
            str(chooser.randint(0, 9)),
            f"user-{number}",
            "15",
            "",
            chooser.choice(_COUNTRIES),
            "f",
            f"10.{chooser.randint(0, 255)}.{chooser.randint(0, 255)}.{chooser.randint(1, 254)}",
            "",
            "",
        )
        yield ",".join(fields) + "\n"


def _timestamp(epoch: int) -> str:
    import datetime as _dt

    return _dt.datetime.fromtimestamp(epoch, _dt.UTC).strftime("%Y-%m-%d %H:%M:%S")


def write_export(
    path: str | Path, rows: int, *, compress: bool | None = None, seed: int = 7, multiline_every: int = 0
) -> Path:
    """Writes an export to ``path`` (gzip when ``compress`` or when the name ends with .gz)."""
    target = Path(path)
    use_gzip = target.name.endswith(".gz") if compress is None else compress
    handle: TextIO
    with (
        gzip.open(target, "wt", encoding="utf-8", newline="")
        if use_gzip
        else open(target, "w", encoding="utf-8", newline="")
    ) as handle:
        batch: list[str] = []
        for line in export_lines(rows, seed=seed, multiline_every=multiline_every):
            batch.append(line)
            if len(batch) >= 10_000:
                handle.write("".join(batch))
                batch.clear()
        handle.write("".join(batch))
    return target
