"""Bad input in the GUI that the per-tab tests do not already cover: certificate files that are empty, huge
or of the wrong kind; ids that are not UUIDs; out-of-range numbers in the player form; corrupted gzip
exports. Each is refused with a message next to the field (or naming the file), what was typed stays,
nothing is sent and nothing crashes."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QDialogButtonBox, QLineEdit

from onesignal_desktop.api import OneSignalClient
from onesignal_desktop.compose.preflight import preflight
from onesignal_desktop.ui.apps.dialog import AppDialog
from onesignal_desktop.ui.notifications.composer import open_composer
from onesignal_desktop.ui.players.dialogs import CreatePlayerDialog
from onesignal_desktop.ui.players.export_viewer import ExportViewer
from onesignal_desktop.ui.players.export_viewer.sample_export import write_export

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00" + bytes(200)
# The first bytes of real files made with openssl: a PKCS#12 bundle starts SEQUENCE { INTEGER 3, ... },
# a DER X.509 certificate (the usual mistake: the .cer instead of the .p12) SEQUENCE { SEQUENCE ... }.
P12 = b"\x30\x82\x09\xcf\x02\x01\x03\x30\x82\x09\x85\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x07\x01" + bytes(300)
DER_CERTIFICATE = b"\x30\x82\x03\x01\x30\x82\x01\xe9\xa0\x03\x02\x01\x02\x02\x14\x22" + bytes(300)
HUGE = 20 * 1024 * 1024
UUID = "8a4f5b2c-1d3e-4f60-9a7b-0c1d2e3f4a5b"


def huge_file(path: Path) -> Path:
    with path.open("wb") as handle:  # sparse: 20 MB on paper, nothing much on disk
        handle.truncate(HUGE)
    return path


# --- certificate and key files in the app form ----------------------------------------------------------
FILE_CASES = [
    ("apns_p12", "empty.p12", b"", "The file is empty."),
    ("apns_p12", "huge.p12", None, "far too big"),
    ("apns_p12", "picture.p12", PNG, "not a .p12 certificate"),
    ("apns_p12", "certificate.p12", DER_CERTIFICATE, "not a .p12 certificate"),
    ("apns_p8", "huge.p8", None, "far too big"),
    ("apns_p8", "picture.p8", PNG, "not a .p8 key"),
    ("fcm_v1_service_account_json", "empty.json", b"", "The file is empty."),
    ("fcm_v1_service_account_json", "huge.json", None, "far too big"),
    ("fcm_v1_service_account_json", "picture.json", PNG, "not a JSON file"),
]


@pytest.mark.parametrize(("field", "name", "content", "message"), FILE_CASES, ids=[c[1] for c in FILE_CASES])
def test_wrong_certificate_files_are_refused_next_to_the_field_and_the_form_keeps_its_values(
    qtbot: Any,
    console: Any,
    sandbox: Any,
    tmp_path: Path,
    field: str,
    name: str,
    content: bytes | None,
    message: str,
) -> None:
    dialog = AppDialog(console.context, None, console.window)
    qtbot.addWidget(dialog)
    dialog.show()
    form = dialog.form
    qtbot.keyClicks(form.fields["name"], "Certified")
    qtbot.keyClicks(form.fields["apns_p12_password"], "p12-password")
    path = huge_file(tmp_path / name) if content is None else tmp_path / name
    if content is not None:
        path.write_bytes(content)

    form.load_file(field, path)
    assert message in form.error_text(field)
    assert form.fields[field].value is None and form.fields[field].label.text() == "No file chosen"
    assert form.fields["name"].text() == "Certified"
    assert form.fields["apns_p12_password"].text() == "p12-password"

    dialog.save()  # refused: nothing goes to the server
    assert dialog.isVisible() and message in form.error_text(field)
    assert dialog.save_button.text() == "Create"  # not "Saving…"
    with OneSignalClient(sandbox.base_url, organization_key=sandbox.org_key) as client:
        assert client.get_apps() == []


def test_a_good_p12_after_a_wrong_file_clears_the_message(qtbot: Any, console: Any, tmp_path: Path) -> None:
    dialog = AppDialog(console.context, None, console.window)
    qtbot.addWidget(dialog)
    form = dialog.form
    (tmp_path / "AuthKey.cer").write_bytes(DER_CERTIFICATE)
    form.load_file("apns_p12", tmp_path / "AuthKey.cer")
    assert "not a .p12 certificate" in form.error_text("apns_p12")
    (tmp_path / "push.p12").write_bytes(P12)
    form.load_file("apns_p12", tmp_path / "push.p12")
    assert form.error_text("apns_p12") == ""
    assert form.fields["apns_p12"].label.text() == "Loaded push.p12"


# --- ids that are not UUIDs, in the composer --------------------------------------------------------------
def composer_on(qtbot: Any, console: Any, app_id: str, tmp_path: Path) -> Any:
    """The composer on ``app_id`` (created since the console listed its apps), its segments loaded."""
    context = console.context
    context.data_dir = tmp_path / "console-data"
    context.catalog.reload()
    qtbot.waitUntil(lambda: context.catalog.app(app_id) is not None, timeout=10_000)
    context.set_current_app(app_id)
    composer = open_composer(context, console.window)
    qtbot.waitUntil(lambda: composer.audience.segments_state == "loaded", timeout=10_000)
    return composer


def test_a_channel_id_that_is_not_a_uuid_is_refused_next_to_the_field_and_kept(
    qtbot: Any, console: Any, sandbox: Any, tmp_path: Path
) -> None:
    with OneSignalClient(
        sandbox.base_url, organization_key=sandbox.org_key, app_keys=sandbox.app_key
    ) as client:
        app = client.create_app({"name": "Channels"})
        client.create_player({"app_id": app.id, "device_type": 1, "identifier": "token"})
    composer = composer_on(qtbot, console, app.id, tmp_path)
    page = composer.content.languages.pages["en"]
    qtbot.keyClicks(page.title, "Channel")
    qtbot.keyClicks(page.message, "Goes to a category")
    composer.sections.setCurrentWidget(composer.sections.widget(1))
    (item,) = composer.audience.include.list.findItems("Subscribed Users", Qt.MatchFlag.MatchExactly)
    item.setCheckState(Qt.CheckState.Checked)
    channel = composer.options.android_channel
    channel.setFocus()
    qtbot.keyClicks(channel, "news-channel")

    qtbot.mouseClick(composer.send_button, Qt.MouseButton.LeftButton)
    assert "UUID" in composer.field_message("android_channel_id")
    assert channel.text() == "news-channel"
    assert composer.last_dialog is None or not composer.last_dialog.isVisible()

    channel.setText(UUID)
    qtbot.mouseClick(composer.send_button, Qt.MouseButton.LeftButton)
    assert composer.field_message("android_channel_id") == ""
    assert composer.last_dialog is not None and composer.last_dialog.isVisible()  # the confirmation
    composer.last_dialog.reject()
    composer.close()


@pytest.mark.parametrize("value", ["news-channel", "12345", f"{UUID}x", " "])
def test_preflight_refuses_channel_ids_that_are_not_uuids(value: str) -> None:
    body = {
        "app_id": UUID,
        "contents": {"en": "Hi"},
        "included_segments": ["All"],
        "android_channel_id": value,
    }
    assert [problem.field for problem in preflight(body)] == ["android_channel_id"]


def test_preflight_accepts_a_uuid_channel_id() -> None:
    body = {
        "app_id": UUID,
        "contents": {"en": "Hi"},
        "included_segments": ["All"],
        "android_channel_id": UUID,
    }
    assert preflight(body) == []


# --- out-of-range numbers and bad values in the player form -----------------------------------------------
@pytest.mark.parametrize(
    ("device_type", "identifier", "timezone", "field", "message"),
    [
        (1, "token", "99999999", "timezone", "seconds"),
        (1, "token", "-5 hours", "timezone", "seconds"),
        (11, "not-an-address", "", "identifier", "email address"),
        (14, "555-1234", "", "identifier", "E.164"),
    ],
)
def test_the_player_form_refuses_values_next_to_the_field_and_keeps_them(
    qtbot: Any,
    console: Any,
    sandbox: Any,
    device_type: int,
    identifier: str,
    timezone: str,
    field: str,
    message: str,
) -> None:
    with OneSignalClient(sandbox.base_url, organization_key=sandbox.org_key) as client:
        app = client.create_app({"name": "Players"})
    dialog = CreatePlayerDialog(console.context, str(app.id), console.window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.device_type.setCurrentIndex(dialog.device_type.findData(device_type))
    dialog.identifier_edit.setText(identifier)
    dialog.timezone_edit.setText(timezone)
    dialog.tags.add_row("level", "3")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    shown = getattr(dialog, field)
    assert message in shown.error
    assert dialog.isVisible()
    assert dialog.identifier_edit.text() == identifier and dialog.timezone_edit.text() == timezone
    assert dialog.tags.rows() == [("level", "3")]
    assert not dialog.scope.busy  # nothing was sent


def test_a_tag_value_that_is_not_a_string_is_refused_in_the_player_form(qtbot: Any, console: Any) -> None:
    dialog = CreatePlayerDialog(console.context, UUID, console.window)
    qtbot.addWidget(dialog)
    dialog.identifier_edit.setText("token")
    dialog.tags.add_row("levels", "[1, 2, 3]")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert "not a list or an object" in dialog.tags.error
    assert dialog.tags.rows() == [("levels", "[1, 2, 3]")]
    assert not dialog.scope.busy


# --- corrupted gzip exports in the viewer -----------------------------------------------------------------
def corrupt_middle(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes(byte ^ 0xFF for byte in data[middle : middle + 64]) + data[middle + 64 :]


def bad_crc(data: bytes) -> bytes:
    return data[:-8] + bytes(byte ^ 0xFF for byte in data[-8:-4]) + data[-4:]


def gzip_of_png(_data: bytes) -> bytes:
    return gzip.compress(PNG * 50)


@pytest.mark.parametrize("damage", [corrupt_middle, bad_crc, gzip_of_png])
def test_a_corrupted_gzip_export_is_explained_naming_the_file_and_the_viewer_goes_on(
    qtbot: Any, tmp_path: Path, damage: Any
) -> None:
    good = write_export(tmp_path / "good.csv.gz", 3000)
    broken = tmp_path / "broken.csv.gz"
    broken.write_bytes(damage(good.read_bytes()))
    viewer = ExportViewer(work_dir=tmp_path / "work")
    qtbot.addWidget(viewer)
    with qtbot.waitSignal(viewer.problem_shown, timeout=10_000) as signal:
        viewer.open_file(broken)
    assert signal.args[0].startswith("broken.csv.gz: ")
    assert viewer.message_kind in ("error", "warning")
    qtbot.waitUntil(lambda: not viewer.is_indexing, timeout=10_000)
    assert viewer.model.rowCount() < 3000 or damage is bad_crc

    viewer.open_file(good)  # still usable
    qtbot.waitUntil(lambda: not viewer.is_indexing and viewer.model.indexed_rows == 3000, timeout=10_000)
    assert viewer.message_kind == ""


def test_every_line_edit_of_the_app_form_keeps_what_was_typed_after_a_refusal(
    qtbot: Any, console: Any
) -> None:
    dialog = AppDialog(console.context, None, console.window)
    qtbot.addWidget(dialog)
    typed = {}
    for name, widget in dialog.form.fields.items():
        if isinstance(widget, QLineEdit) and name != "name":
            typed[name] = f"bad value for {name}"
            widget.setText(typed[name])
    dialog.save()
    assert dialog.form.sections_with_problems()
    for name, text in typed.items():
        assert dialog.form.fields[name].text() == text, name


def test_a_refused_send_keeps_what_was_typed_in_every_composer_field(
    qtbot: Any, console: Any, sandbox: Any, tmp_path: Path
) -> None:
    with OneSignalClient(sandbox.base_url, organization_key=sandbox.org_key) as client:
        app = client.create_app({"name": "Everything typed"})
    composer = composer_on(qtbot, console, app.id, tmp_path)
    page = composer.content.languages.pages["en"]
    page.title.setText("Kept")
    page.message.setPlainText("Every field keeps its text")
    composer.sections.setCurrentIndex(1)
    ids = composer.audience.subscription_ids
    ids.setPlainText("not-a-uuid, 12345")  # refused: the send never happens
    typed: dict[QLineEdit, str] = {}
    for index, edit in enumerate(composer.findChildren(QLineEdit)):
        if edit is page.title or edit.isReadOnly() or not edit.isEnabled():
            continue
        if isinstance(edit.parent(), QAbstractSpinBox):  # a spin box cannot hold what it refuses
            continue
        typed[edit] = f"typed {index} !@#"
        edit.setText(typed[edit])
    assert len(typed) > 15

    qtbot.mouseClick(composer.send_button, Qt.MouseButton.LeftButton)
    assert "not an id (a UUID)" in composer.field_message("include_subscription_ids")
    assert composer.last_dialog is None or not composer.last_dialog.isVisible()
    changed = [
        edit.placeholderText() or edit.objectName() for edit, text in typed.items() if edit.text() != text
    ]
    assert changed == []
    assert page.title.text() == "Kept" and ids.toPlainText() == "not-a-uuid, 12345"
    composer.close()
