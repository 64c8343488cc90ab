from __future__ import annotations

import gzip

import pytest

from onesignal_desktop.sandbox.sim import csv_export as c


def test_players_csv_has_the_documented_columns_then_extras() -> None:
    players = [
        {
            "id": "p1",
            "identifier": "tok",
            "session_count": 3,
            "language": "en",
            "device_type": 1,
            "tags": {"level": "2"},
            "last_active": 0,
            "created_at": 86400,
            "invalid_identifier": False,
            "external_user_id": "u1",
            "country": "US",
            "lat": 1.5,
            "long": 2.5,
        },
    ]
    extras = c.validate_extra_fields(["country", "external_user_id", "location"])
    rows = c.read_csv(c.players_csv(players, extras))
    assert list(rows[0]) == [*c.PLAYER_COLUMNS, "external_user_id", "location", "country"]
    row = rows[0]
    assert row["id"] == "p1"
    assert row["tags"] == '{"level":"2"}'
    assert row["created_at"] == "1970-01-02 00:00:00"
    assert row["invalid_identifier"] == "f"
    assert row["location"] == "(1.5,2.5)"
    assert row["amount_spent"] == ""


def test_output_is_gzip() -> None:
    data = c.players_csv([])
    assert data[:2] == b"\x1f\x8b"
    assert gzip.decompress(data).decode().startswith("id,identifier,")


def test_unknown_extra_field_is_refused() -> None:
    with pytest.raises(c.ExportError, match="Unsupported extra_fields: shoe_size"):
        c.validate_extra_fields(["shoe_size"])


def test_events_csv_has_sent_and_clicked_rows() -> None:
    recipients = [{"id": "a", "device_type": 0}, {"id": "b", "device_type": 1, "external_user_id": "ub"}]
    rows = c.read_csv(c.events_csv("n1", recipients, sent_at=0, clicks={"b": 60}))
    assert [(r["player_id"], r["event"]) for r in rows] == [("a", "sent"), ("b", "sent"), ("b", "clicked")]
    assert rows[2]["timestamp"] == "1970-01-01 00:01:00"
    assert rows[1]["external_user_id"] == "ub"


def test_no_such_key_body_is_s3_shaped_xml() -> None:
    body = c.no_such_key_body("csv_exports/app/x<y>.csv.gz").decode()
    assert "<Code>NoSuchKey</Code>" in body
    assert "x&lt;y&gt;" in body
