"""The first start: one screen on what the sandbox is and how to connect a real OneSignal account.

``offer_first_run(window)`` shows the :class:`FirstRunPanel` (non-modal) when no OneSignal profile exists
and nobody ticked "Don't show this again". Only ``ui.app.main`` calls it: the self-test, the screenshot
script and the tests build the console without it. ``show_first_run(window)`` shows it regardless (the
Console menu's "Welcome and connecting OneSignal…").

:class:`ConnectAccountDialog` creates a profile: it checks the organization key with a harmless call (list
apps) off the UI thread and saves nothing unless the server accepts it; then it saves the profile
(QSettings), the key (keystore) and switches the console to the new profile. An app's REST API key can be
given too (optional); it is checked the same way (list one notification) and saved only if both work.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from onesignal_desktop.bridge import CancelToken, TaskScope
from onesignal_desktop.keystore import SERVICE, KeyRef, KeyringState
from onesignal_desktop.ui.common.form_fields import error_label, show_secret_box, with_error
from onesignal_desktop.ui.shell.context import ConsoleContext
from onesignal_desktop.ui.shell.errors import describe_error
from onesignal_desktop.ui.shell.profiles import ONESIGNAL_URL, SANDBOX_PROFILE, Profile, validate_profile

DISMISSED_KEY = "first_run/dismissed"
CHECK_KEY = "Check the organization key"
CHECK_APP_KEY = "Check the app's REST API key"
DEFAULT_PROFILE_NAME = "OneSignal"

ON_SANDBOX_HTML = """
<p><b>You are looking at the sandbox.</b> The console opened on a local, OneSignal-compatible server
running on this computer (127.0.0.1), filled with demo apps, players, segments and notifications.
Nothing you do here leaves this machine: no push is delivered and no OneSignal account is needed,
so click through every tab and try things out.</p>"""

ON_PROFILE_HTML = """
<p><b>You are connected to profile “{name}”</b> ({url}): what you do here reaches that server.
<i>Try the sandbox</i> switches to a local, OneSignal-compatible server with demo apps, players,
segments and notifications, where no push is delivered.</p>"""

WELCOME_HTML = f"""
<h2>Welcome to OneSignal Desktop</h2>
{{where}}
<p><b>To manage your real OneSignal apps, connect your account.</b> You need two kinds of key:</p>
<ul>
<li><b>Organization API key</b> — OneSignal dashboard → <i>Organizations</i> → <i>Keys &amp; IDs</i>.
It lists, creates and updates your apps. The Connect dialog asks for it and checks it before
saving anything.</li>
<li><b>App REST API key</b> (one per app) — open the app → <i>Settings</i> → <i>Keys &amp; IDs</i>.
Notifications, players and segments of that app use it; add it after connecting with
<i>Keys…</i> (Ctrl+K).</li>
</ul>
<p>Keys go to your system keyring (service <code>{SERVICE}</code>, one entry per key), never to a
settings file. Back to the sandbox at any time: <i>Profiles…</i> → <i>Use {SANDBOX_PROFILE}</i>.</p>
"""


def first_run_dismissed(settings: QSettings) -> bool:
    value = settings.value(DISMISSED_KEY, False)
    return value is True or str(value).lower() in ("true", "1")


def should_show_first_run(context: ConsoleContext) -> bool:
    """New users only: nobody dismissed the panel and no OneSignal profile exists yet."""
    return not first_run_dismissed(context.settings) and not context.profiles.names()


def offer_first_run(window: QWidget, context: ConsoleContext) -> FirstRunPanel | None:
    """Show the first-run panel over ``window`` if this is a first start; returns it (or None)."""
    if not should_show_first_run(context):
        return None
    return show_first_run(window, context)


def show_first_run(window: QWidget, context: ConsoleContext) -> FirstRunPanel:
    """Show the first-run panel over ``window`` whatever was chosen before (the Console menu's
    "Welcome and connecting OneSignal…"); an open one is activated rather than doubled."""
    for panel in window.findChildren(FirstRunPanel):
        if panel.isVisible():
            panel.activateWindow()
            return panel
    panel = FirstRunPanel(context, window)
    panel.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    panel.show()
    return panel


class FirstRunPanel(QDialog):
    """One screen: what the sandbox is, where the keys are, and a button to connect an account."""

    def __init__(self, context: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Welcome to OneSignal Desktop")
        self.setObjectName("firstRunPanel")
        self.setModal(False)
        self.connect_dialog: ConnectAccountDialog | None = None

        self.text = text = QLabel()
        text.setObjectName("welcomeText")
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.dont_show_box = QCheckBox("Don't show this again")
        self.dont_show_box.setChecked(first_run_dismissed(context.settings))  # reopened from the menu
        self.dont_show_box.toggled.connect(self._remember_choice)
        self.connect_button = QPushButton("Connect OneSignal account…")
        self.connect_button.setDefault(True)
        self.connect_button.clicked.connect(self.open_connect_dialog)
        self.explore_button = QPushButton("Explore the sandbox")
        self.explore_button.clicked.connect(self.explore_sandbox)

        buttons = QHBoxLayout()
        buttons.addWidget(self.dont_show_box)
        buttons.addStretch(1)
        buttons.addWidget(self.explore_button)
        buttons.addWidget(self.connect_button)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.resize(620, 340)
        self._show_where()
        context.connection_changed.connect(self._connection_changed)  # a method: gone with the panel

    def _connection_changed(self, _connection: object) -> None:
        self._show_where()

    def _on_profile(self) -> bool:
        connection = self.context.connection
        return connection is not None and not connection.is_sandbox

    def _show_where(self) -> None:
        """Say where the console is connected: the sandbox, or a real profile."""
        connection = self.context.connection
        if connection is not None and not connection.is_sandbox:
            where = ON_PROFILE_HTML.format(
                name=html.escape(connection.profile.name), url=html.escape(connection.base_url)
            )
        else:
            where = ON_SANDBOX_HTML
        self.text.setText(WELCOME_HTML.replace("{where}", where))
        self.explore_button.setText("Try the sandbox" if self._on_profile() else "Explore the sandbox")
        self.explore_button.setToolTip(
            f"Switch to {SANDBOX_PROFILE}" if self._on_profile() else "Close this and look around"
        )

    def explore_sandbox(self) -> None:
        """On the sandbox: close this panel. On a profile: switch to the sandbox, then close."""
        if self._on_profile():
            self.context.connect_to(None)
        self.close()

    def _remember_choice(self, dismissed: bool) -> None:
        settings = self.context.settings
        if dismissed:
            settings.setValue(DISMISSED_KEY, True)
        else:
            settings.remove(DISMISSED_KEY)
        settings.sync()

    def open_connect_dialog(self) -> ConnectAccountDialog:
        dialog = ConnectAccountDialog(self.context, self.parentWidget() or self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.connected.connect(self._account_connected)
        dialog.open()
        self.connect_dialog = dialog
        return dialog

    def _account_connected(self, _profile: Profile) -> None:
        self.dont_show_box.setChecked(True)  # an account is connected: the first start is over
        self.close()


@dataclass(frozen=True, slots=True)
class _Checked:
    app_count: int
    keyring: KeyringState


class _CheckFailed(Exception):
    """Which check failed (organization or app key), and the API's error."""

    def __init__(self, operation: str, error: BaseException) -> None:
        super().__init__(operation)
        self.operation = operation
        self.error = error


class ConnectAccountDialog(QDialog):
    """Profile name, base URL, auth scheme and organization key; checked before anything is saved.

    ``connected(Profile)`` is emitted once the profile and key are saved and the console switches to it.
    """

    connected = Signal(object)

    def __init__(self, context: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Connect OneSignal account")
        self.setObjectName("connectAccountDialog")
        self._scope = TaskScope(context.bridge, self)

        self.name_edit = QLineEdit(self._free_name())
        self.url_edit = QLineEdit(ONESIGNAL_URL)
        self.scheme_combo = QComboBox()
        self.scheme_combo.addItem("Key (current organization and app keys)", "Key")
        self.scheme_combo.addItem("Basic (legacy user auth key)", "Basic")
        self.key_edit = QLineEdit()
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setPlaceholderText("Organizations → Keys & IDs in the OneSignal dashboard")
        self.show_key_box = show_secret_box(self.key_edit)
        self.app_id_edit = QLineEdit()
        self.app_id_edit.setPlaceholderText("Optional: App → Settings → Keys & IDs → OneSignal App ID")
        self.app_key_edit = QLineEdit()
        self.app_key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.app_key_edit.setPlaceholderText("Optional: the same page → REST API key")
        fields = ("name", "base_url", "auth_scheme", "organization_key", "app_id", "app_key")
        self.errors = {name: error_label() for name in fields}
        key_row = QHBoxLayout()
        key_row.addWidget(self.key_edit, 1)
        key_row.addWidget(self.show_key_box)
        key_box = QWidget()
        key_box.setLayout(key_row)
        key_row.setContentsMargins(0, 0, 0, 0)

        form = QFormLayout()
        form.addRow("Profile name:", self._with_error(self.name_edit, "name"))
        form.addRow("Base URL:", self._with_error(self.url_edit, "base_url"))
        form.addRow("Auth scheme:", self._with_error(self.scheme_combo, "auth_scheme"))
        form.addRow("Organization key:", self._with_error(key_box, "organization_key"))
        form.addRow("App ID:", self._with_error(self.app_id_edit, "app_id"))
        form.addRow("App REST API key:", self._with_error(self.app_key_edit, "app_key"))
        note = QLabel(
            "The organization key is checked by listing your apps, an app key by listing one of the app's "
            "notifications; nothing is saved unless OneSignal accepts them. Then the profile is saved and "
            "the keys go to the system keyring. Add other apps' REST API keys later with Keys… (Ctrl+K)."
        )
        note.setWordWrap(True)
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setObjectName("connectOutcome")

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.connect_button = QPushButton("Check and connect")
        self.connect_button.setDefault(True)
        self.buttons.addButton(self.connect_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.connect_button.clicked.connect(self.check_and_connect)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.outcome)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(640, 360)

    @property
    def busy(self) -> bool:
        return self._scope.busy

    def _free_name(self) -> str:
        taken = set(self.context.profiles.names())
        name, number = DEFAULT_PROFILE_NAME, 2
        while name in taken:
            name, number = f"{DEFAULT_PROFILE_NAME} {number}", number + 1
        return name

    def _with_error(self, widget: QWidget, name: str) -> QWidget:
        return with_error(widget, self.errors[name])

    def typed_profile(self) -> Profile:
        name, url = self.name_edit.text().strip(), self.url_edit.text().strip().rstrip("/")
        if self.scheme_combo.currentData() == "Basic":
            return Profile(name, url, "Basic")
        return Profile(name, url, "Key")

    def problems(self) -> dict[str, str]:
        profile = self.typed_profile()
        problems = validate_profile(profile.name, profile.base_url, profile.auth_scheme)
        if "name" not in problems and profile.name in self.context.profiles.names():
            problems["name"] = "A profile with this name exists; choose another name."
        if not self.key_edit.text().strip():
            problems["organization_key"] = "Paste the organization key (Organizations → Keys & IDs)."
        app_id, app_key = self.app_id_edit.text().strip(), self.app_key_edit.text().strip()
        if app_key and not app_id:
            problems["app_id"] = "Enter the ID of the app this REST API key belongs to."
        if app_id and not app_key:
            problems["app_key"] = "Paste the app's REST API key, or clear the App ID."
        return problems

    def check_and_connect(self) -> None:
        """Check the key with the server (list apps) off the UI thread; save and connect if it works."""
        if self.busy:
            return
        problems = self.problems()
        self._show_errors(problems)
        if problems:
            self.outcome.clear()
            return
        profile, key = self.typed_profile(), self.key_edit.text().strip()
        app_id, app_key = self.app_id_edit.text().strip(), self.app_key_edit.text().strip()
        keystore = self.context.keystore

        def work(token: CancelToken) -> _Checked:
            from onesignal_desktop.api import OneSignalClient

            app_keys = {app_id: app_key} if app_id else {}
            with OneSignalClient(
                profile.base_url, organization_key=key, app_keys=app_keys, auth_scheme=profile.auth_scheme
            ) as client:
                try:
                    apps = client.get_apps()
                except Exception as error:
                    raise _CheckFailed(CHECK_KEY, error) from error
                token.check()
                if app_id:
                    try:
                        client.get_notifications(app_id, limit=1)
                    except Exception as error:
                        raise _CheckFailed(CHECK_APP_KEY, error) from error
            token.check()
            # Only now, with every key accepted, does anything get saved.
            state = keystore.set(KeyRef.organization(profile.name), key)
            if app_id:
                state = keystore.set(KeyRef.app(profile.name, app_id), app_key)
            return _Checked(len(apps), state)

        def scrub(text: str) -> str:
            text = keystore.scrub(text).replace(key, "[redacted]")
            return text.replace(app_key, "[redacted]") if app_key else text

        def refused(failure: BaseException) -> None:
            if isinstance(failure, _CheckFailed):
                self._refused(describe_error(failure.operation, failure.error, scrub))
            else:
                self._refused(describe_error(CHECK_KEY, failure, scrub))

        self._set_busy(True)
        self.outcome.setText(f"Checking the keys with {profile.base_url}…")
        self._scope.run(
            CHECK_KEY, work, on_finished=lambda checked: self._accepted(profile, checked), on_failed=refused
        )

    def _accepted(self, profile: Profile, checked: _Checked) -> None:
        self._set_busy(False)
        self.key_edit.clear()
        self.app_key_edit.clear()
        self.context.profiles.save(profile)
        where = "in the system keyring" if checked.keyring.persistent else "for this session only"
        works = f"the keys work ({checked.app_count} app(s))"
        self.outcome.setText(f"Connected: {works}; they are stored {where}.")
        self.context.connect_to(profile)
        self.connected.emit(profile)
        self.accept()

    def _refused(self, message: str) -> None:
        self._set_busy(False)
        self.outcome.setText(f"{message}\nNothing was saved.")

    def _set_busy(self, busy: bool) -> None:
        editors = (self.name_edit, self.url_edit, self.scheme_combo, self.key_edit)
        for widget in (self.connect_button, *editors, self.app_id_edit, self.app_key_edit):
            widget.setEnabled(not busy)

    def _show_errors(self, problems: dict[str, str]) -> None:
        for name, label in self.errors.items():
            label.setText(problems.get(name, ""))
            label.setVisible(name in problems)

    def done(self, result: int) -> None:
        self._scope.cancel_all()  # a late answer must not save a key the user walked away from
        super().done(result)
