"""The composer window: sections on the left, live preview and exact JSON on the right, Send below.

The window keeps one :class:`ComposerForm`; every edit reads the sections into it, builds the exact
body, and refreshes the JSON view, the preview and the arrival times. Problems show next to their
fields once the user has tried to send (and then follow every edit). Drafts save a couple of seconds
after the last edit and on close; sends go through :class:`SendController` and the journal.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QFontDatabase, QGuiApplication, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from onesignal_desktop.bridge import CancelToken, TaskScope
from onesignal_desktop.compose._guard import CredentialInPayloadError, find_credential
from onesignal_desktop.compose.drafts import Draft
from onesignal_desktop.compose.languages import DEFAULT_LANGUAGE, language_name
from onesignal_desktop.compose.preflight import AUDIENCE, Channel, preflight
from onesignal_desktop.compose.problems import Problem, has_blocking
from onesignal_desktop.compose.snippets import as_curl, as_python
from onesignal_desktop.ui.notifications.composer.audience import AudienceSection
from onesignal_desktop.ui.notifications.composer.content import ContentSection
from onesignal_desktop.ui.notifications.composer.delivery import DeliverySection
from onesignal_desktop.ui.notifications.composer.describe import (
    body_title,
    describe_answer,
    describe_audience,
    describe_schedule,
)
from onesignal_desktop.ui.notifications.composer.estimate import AudienceEstimate
from onesignal_desktop.ui.notifications.composer.fields import ERROR_COLOR, FieldRegistry
from onesignal_desktop.ui.notifications.composer.options import OptionsSection
from onesignal_desktop.ui.notifications.composer.payload import ComposerForm, build_body, form_from_body
from onesignal_desktop.ui.notifications.composer.pending import LEVEL_COLORS, PossiblySentDialog
from onesignal_desktop.ui.notifications.composer.send import SendController, SendOutcome
from onesignal_desktop.ui.notifications.composer.services import ComposerServices, clock_of
from onesignal_desktop.ui.notifications.preview import NotificationPreview
from onesignal_desktop.ui.shell import shortcuts

#: A change is saved at most this long after it is made (the timer starts at the first unsaved change).
AUTOSAVE_MS = 300
LOAD_SEGMENTS = "Load segments"
GENERAL = "general"
CHANNELS: tuple[tuple[Channel, str], ...] = (("push", "Push"), ("email", "Email"), ("sms", "SMS"))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _scroll(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(widget)
    return area


class Banner(QFrame):
    """A one-line notice across the top with a few buttons."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(f"#{object_name} {{ background: palette(alternate-base); }}")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        self.label = QLabel()
        self.label.setWordWrap(True)
        layout.addWidget(self.label, 1)
        self.buttons_layout = layout
        self.hide()

    def add_button(self, text: str, object_name: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(object_name)
        button.setAutoDefault(False)
        self.buttons_layout.addWidget(button)
        return button


class ConfirmSendDialog(QDialog):
    """Says what is about to go out (audience, schedule, arrival times, warnings) before it does."""

    def __init__(
        self,
        body: dict[str, Any],
        warnings: list[Problem],
        now: float,
        channel: Channel = "push",
        parent: QWidget | None = None,
        *,
        estimate: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("confirmSendDialog")
        self.setWindowTitle("Send this notification?")
        layout = QVBoxLayout(self)
        channel_label = dict(CHANNELS)[channel]
        lines = [
            f"<b>{_escape(body_title(body))}</b>",
            f"Channel: {channel_label}",
            f"To: {_escape(describe_audience(body))}",
        ]
        if estimate:
            lines.append(f"Estimated recipients: {_escape(estimate)}")
        schedule = describe_schedule(body, now)
        lines.append("When: " + _escape(schedule[0]))
        text = QLabel("<br>".join(lines))
        text.setWordWrap(True)
        text.setObjectName("confirmSummary")
        layout.addWidget(text)
        if len(schedule) > 1:
            arrivals = QLabel("\n".join(schedule[1:]))
            arrivals.setObjectName("confirmArrivals")
            layout.addWidget(arrivals)
        if warnings:
            advice = QLabel("Worth a look:\n" + "\n".join(f"• {problem.message}" for problem in warnings))
            advice.setWordWrap(True)
            advice.setStyleSheet("color: #9a6700;")
            layout.addWidget(advice)
        self.buttons = QDialogButtonBox()
        self.send_button = self.buttons.addButton("Send", QDialogButtonBox.ButtonRole.AcceptRole)
        self.send_button.setObjectName("confirmSendButton")
        self.buttons.addButton("Keep editing", QDialogButtonBox.ButtonRole.RejectRole)
        self.send_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)


class ComposerWindow(QWidget):
    """Compose, check, preview and send one notification (one draft) for one app."""

    sent = Signal(str)

    def __init__(
        self,
        context: Any,
        services: ComposerServices,
        draft: Draft,
        *,
        parent: QWidget | None = None,
        offer_recovery: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName("composerWindow")
        self.context = context
        self.services = services
        self.draft = draft
        self.now: Callable[[], float] = clock_of(context)
        self.registry = FieldRegistry()
        self.problems: list[Problem] = []
        self.body: dict[str, Any] = {}
        self.last_outcome: SendOutcome | None = None
        self._checked = False
        self._dirty = False
        self._closing = False
        self._loading = False
        self._sent_id: str | None = None
        self.last_dialog: QWidget | None = None
        self.scope = TaskScope(context.bridge, self)
        self.controller = SendController(services.journal, context.bridge, scrub=self._scrub, parent=self)
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.setInterval(AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.save_draft)

        self.form = self._form_of(draft)
        if not self.form.app_id:
            self.form.app_id = getattr(context, "current_app_id", None) or ""
        self._build()
        self._load_form()
        self.controller.busy_changed.connect(self._busy_changed)
        self.controller.finished.connect(self._show_outcome)
        self.controller.failed.connect(
            lambda message: self._show_result(
                "error", "The send journal could not record this send; check before retrying.", (message,)
            )
        )
        services.add_saver(self, self._save_on_quit)
        self.destroyed.connect(lambda *_: services.remove_saver(self))
        self._check_journal()
        if offer_recovery:
            self._offer_recovery()
        self.load_segments()
        self.resize(1180, 780)

    # ----- building ---------------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(10, 10, 10, 10)
        outer.setSpacing(8)

        header = QHBoxLayout()
        self.heading = QLabel()
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        header.addWidget(self.heading, 1)
        header.addWidget(QLabel("Channel:"))
        self.channel_group = QButtonGroup(self)
        self.channel_buttons: dict[Channel, QToolButton] = {}
        for index, (channel, label) in enumerate(CHANNELS):
            button = QToolButton()
            button.setObjectName(f"channel_{channel}")
            button.setText(label)
            button.setCheckable(True)
            button.setMinimumWidth(64)
            self.channel_group.addButton(button, index)
            self.channel_buttons[channel] = button
            header.addWidget(button)
        self.channel_group.idToggled.connect(self._channel_toggled)
        outer.addLayout(header)

        self.recovery_banner = Banner("recoveryBanner")
        self.restore_button = self.recovery_banner.add_button("Restore", "restoreDraftButton")
        self.discard_recovered_button = self.recovery_banner.add_button("Discard", "discardRecoveredButton")
        self.restore_button.clicked.connect(self.restore_recovered)
        self.discard_recovered_button.clicked.connect(self.discard_recovered)
        outer.addWidget(self.recovery_banner)
        self.pending_banner = Banner("pendingBanner")
        self.review_pending_button = self.pending_banner.add_button("Review…", "reviewPendingButton")
        self.review_pending_button.clicked.connect(self.review_pending)
        outer.addWidget(self.pending_banner)

        self.content = ContentSection(self.registry)
        self.audience = AudienceSection(self.registry)
        self.delivery = DeliverySection(self.registry, self.now)
        self.options = OptionsSection(self.registry)
        self.sections = QTabWidget()
        self.sections.setObjectName("composerSections")
        self.section_widgets = {
            "Content": self.content,
            "Audience": self.audience,
            "Delivery": self.delivery,
            "Options": self.options,
        }
        for name, widget in self.section_widgets.items():
            self.sections.addTab(_scroll(widget), name)

        side = QTabWidget()
        side.setObjectName("composerSide")
        preview_page = QWidget()
        preview_layout = QVBoxLayout(preview_page)
        preview_layout.setContentsMargins(4, 4, 4, 4)
        language_row = QHBoxLayout()
        language_row.addWidget(QLabel("Language:"))
        self.preview_language = QComboBox()
        self.preview_language.setObjectName("previewLanguage")
        language_row.addWidget(self.preview_language, 1)
        preview_layout.addLayout(language_row)
        self.preview = NotificationPreview(orientation=Qt.Orientation.Vertical)
        self.preview.setObjectName("composerPreview")
        preview_layout.addWidget(_scroll(self.preview), 1)
        side.addTab(preview_page, "Preview")
        self.json_view = QPlainTextEdit()
        self.json_view.setObjectName("payloadJson")
        self.json_view.setReadOnly(True)
        self.json_view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.json_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        side.addTab(self.json_view, "JSON")
        self.side = side

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.sections)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([650, 510])  # the email preview card is 480 px wide
        outer.addWidget(splitter, 1)

        self.result_panel = QFrame()
        self.result_panel.setObjectName("resultPanel")
        self.result_panel.setFrameShape(QFrame.Shape.StyledPanel)
        result_layout = QHBoxLayout(self.result_panel)
        self.result_label = QLabel()
        self.result_label.setObjectName("resultLabel")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        result_layout.addWidget(self.result_label, 1)
        self.retry_button = QPushButton("Retry safely")
        self.retry_button.setObjectName("retryButton")
        self.retry_button.setToolTip("Sends the same request with the same idempotency key: never twice")
        self.retry_button.clicked.connect(self.retry)
        self.send_new_version_button = QPushButton("Send this version instead")
        self.send_new_version_button.setObjectName("sendNewVersionButton")
        self.send_new_version_button.clicked.connect(self._send_new_version)
        self.new_from_this_button = QPushButton("New from this")
        self.new_from_this_button.setObjectName("newFromThisButton")
        self.new_from_this_button.setToolTip("Start a new draft with the same content, audience and options")
        self.new_from_this_button.clicked.connect(self.new_from_this)
        for result_button in (self.retry_button, self.send_new_version_button, self.new_from_this_button):
            result_button.setAutoDefault(False)
            result_button.hide()
            result_layout.addWidget(result_button, 0, Qt.AlignmentFlag.AlignTop)
        self.result_panel.hide()
        outer.addWidget(self.result_panel)

        footer = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setObjectName("problemSummary")
        self.summary.setWordWrap(True)
        footer.addWidget(self.summary, 1)
        # Push buttons with menus keep room for the menu arrow (a tool button draws it over the text).
        self.drafts_button = QPushButton("Drafts")
        self.drafts_button.setObjectName("draftsButton")
        self.drafts_button.setAutoDefault(False)
        self.drafts_menu = QMenu(self.drafts_button)
        self.drafts_menu.aboutToShow.connect(self._fill_drafts_menu)
        self.drafts_button.setMenu(self.drafts_menu)
        footer.addWidget(self.drafts_button)
        self.copy_button = QPushButton("Copy as")
        self.copy_button.setObjectName("copyButton")
        self.copy_button.setAutoDefault(False)
        copy_menu = QMenu(self.copy_button)
        self.copy_curl_action = copy_menu.addAction("curl (key hidden)")
        self.copy_python_action = copy_menu.addAction("Python (key hidden)")
        copy_menu.addSeparator()
        self.copy_curl_key_action = copy_menu.addAction("curl with the real key…")
        self.copy_python_key_action = copy_menu.addAction("Python with the real key…")
        self.copy_curl_action.triggered.connect(lambda: self.copy_snippet("curl"))
        self.copy_python_action.triggered.connect(lambda: self.copy_snippet("python"))
        self.copy_curl_key_action.triggered.connect(lambda: self.copy_snippet_with_key("curl"))
        self.copy_python_key_action.triggered.connect(lambda: self.copy_snippet_with_key("python"))
        self.copy_button.setMenu(copy_menu)
        footer.addWidget(self.copy_button)
        self.close_button = QPushButton("Close")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.close)
        footer.addWidget(self.close_button)
        self.estimate = AudienceEstimate(self.scope, self._client)
        footer.addWidget(self.estimate)
        self.send_button = QPushButton("Send…")
        self.send_button.setObjectName("sendButton")
        self.send_button.setDefault(True)
        self.send_button.setToolTip("Check the notification, then confirm (Ctrl+Enter)")
        self.send_button.clicked.connect(self.request_send)
        footer.addWidget(self.send_button)
        outer.addLayout(footer)
        for name, slot in (
            ("composer_send", self.request_send),
            ("composer_save", self.save_draft),
            ("composer_close", self.close),  # the draft is kept: closing saves it
        ):
            for sequence in shortcuts.sequences(name):
                QShortcut(sequence, self, slot)

        for section in (self.content, self.audience, self.delivery, self.options):
            section.changed.connect(self._on_changed)
        self.content.current_language_changed.connect(self._follow_language)
        self.preview_language.currentIndexChanged.connect(lambda _index: self._refresh_preview())
        self.audience.reload_button.clicked.connect(self.load_segments)

    # ----- form <-> widgets -------------------------------------------------------------------------

    @staticmethod
    def _form_of(draft: Draft) -> ComposerForm:
        state = draft.ui_state
        form = form_from_body(
            draft.payload,
            zone=state.get("zone") or None,
            languages=list(state.get("languages") or []) or None,
            channel=state.get("channel") or None,
        )
        if state.get("delivery") in ("now", "at", "timezone", "last_active"):
            form.delivery = state["delivery"]
        if isinstance(state.get("send_at"), str):
            with contextlib.suppress(ValueError):
                form.send_at = datetime.fromisoformat(state["send_at"])
        return form

    def _load_form(self) -> None:
        self._loading = True
        try:
            self.channel_buttons[self.form.channel].setChecked(True)
            for section in (self.content, self.audience, self.delivery, self.options):
                section.load(self.form)
        finally:
            self._loading = False
        self._refresh(mark_dirty=False)

    def _read_form(self) -> None:
        for section in (self.content, self.audience, self.delivery, self.options):
            section.read_into(self.form)

    def _channel_toggled(self, button_id: int, checked: bool) -> None:
        if not checked:
            return
        channel = CHANNELS[button_id][0]
        self.form.channel = channel
        self.content.set_channel(channel)
        self.audience.set_channel(channel)
        self.delivery.set_channel(channel)
        self.options.set_channel(channel)
        self._on_changed()

    def channel(self) -> Channel:
        return self.form.channel

    def _on_changed(self) -> None:
        if self._loading:
            return
        self._refresh(mark_dirty=True)

    def _refresh(self, *, mark_dirty: bool) -> None:
        self._read_form()
        self.body, build_problems = build_body(self.form)
        self._build_problems = build_problems
        self.json_view.setPlainText(json.dumps(self.body, indent=2, ensure_ascii=False))
        self._refresh_languages()
        self._refresh_preview()
        self.delivery.show_arrivals(self.body)
        self.estimate.audience_changed(self.body)
        app_name = self._app_name()
        self.heading.setText(
            f"{'New notification' if not self._sent_id else 'Sent notification'} — {app_name}"
        )
        self.setWindowTitle(f"{body_title(self.body)} — Composer")
        self.preview.set_app_name(app_name)
        if self._checked:
            self.validate()
        if mark_dirty:
            self._dirty = True
            if not self.autosave_timer.isActive():
                self.autosave_timer.start()

    def _app_name(self) -> str:
        catalog = getattr(self.context, "catalog", None)
        app = catalog.app(self.form.app_id) if catalog is not None else None
        name = getattr(app, "name", None)
        return str(name) if name else (self.form.app_id or "no app chosen")

    def _refresh_languages(self) -> None:
        codes = self.content.languages.languages()
        current = self.preview_language.currentData()
        if [self.preview_language.itemData(i) for i in range(self.preview_language.count())] != codes:
            blocked = self.preview_language.blockSignals(True)
            self.preview_language.clear()
            for code in codes:
                self.preview_language.addItem(language_name(code), code)
            index = self.preview_language.findData(current)
            self.preview_language.setCurrentIndex(max(index, 0))
            self.preview_language.blockSignals(blocked)

    def _follow_language(self, code: str) -> None:
        index = self.preview_language.findData(code)
        if index >= 0:
            self.preview_language.setCurrentIndex(index)

    def _refresh_preview(self) -> None:
        language = self.preview_language.currentData() or DEFAULT_LANGUAGE
        self.preview.set_payload(self.body, language, channel=self.form.channel)

    # ----- checks -----------------------------------------------------------------------------------

    def validate(self) -> list[Problem]:
        """Every problem with the current form, shown next to its field; returns them."""
        problems = [*self._build_problems, *preflight(self.body, now=self.now(), channel=self.form.channel)]
        leaked = find_credential(self.body, known=self.services.known_keys())
        if leaked is not None:
            problems.insert(
                0, Problem(leaked, "This looks like an API key: keys never go into a notification")
            )
        self.problems = problems
        placed = self.registry.show(problems, fallback=GENERAL)
        general = placed.get(GENERAL, [])
        counts: dict[str, int] = {}
        for key, found in placed.items():
            section = self.registry.section(key)
            if section is not None:
                counts[section] = counts.get(section, 0) + sum(1 for problem in found if problem.blocking)
        for index, name in enumerate(self.section_widgets):
            count = counts.get(name, 0)
            self.sections.setTabText(index, f"{name} ({count})" if count else name)
            self.sections.tabBar().setTabTextColor(
                index,
                Qt.GlobalColor.red
                if count
                else self.sections.palette().color(self.sections.foregroundRole()),
            )
        blocking = [problem for problem in problems if problem.blocking]
        lines = []
        if blocking:
            lines.append(f"{len(blocking)} problem{'s' if len(blocking) != 1 else ''} to fix before sending.")
        lines += [problem.message for problem in general]
        self.summary.setStyleSheet(f"color: {ERROR_COLOR};" if blocking or general else "")
        self.summary.setText(" ".join(lines))
        return problems

    def focus_first_problem(self) -> None:
        for problem in self.problems:
            if not problem.blocking:
                continue
            key = self.registry.resolve(problem.field)
            if key is None:
                continue
            section = self.registry.section(key)
            if section in self.section_widgets:
                self.sections.setCurrentIndex(list(self.section_widgets).index(section))
            if key.split(".")[0] in ("headings", "subtitle", "contents"):
                code = key.split(".")[1] if "." in key else DEFAULT_LANGUAGE
                if code in self.content.languages.pages:
                    self.content.languages.setCurrentWidget(self.content.languages.pages[code])
            editor = self.registry.editor(key)
            if editor is not None:
                editor.setFocus()
            return

    # ----- sending ----------------------------------------------------------------------------------

    def _client(self) -> Any:
        return self.context.client

    def request_send(self) -> None:
        """Check, then ask for confirmation; the confirmed send goes through the journal."""
        if self.controller.busy or self._sent_id:
            return
        self.autosave_timer.stop()
        self._refresh(mark_dirty=False)
        self._checked = True
        problems = self.validate()
        if has_blocking(problems):
            self.focus_first_problem()
            return
        warnings = [problem for problem in problems if not problem.blocking]
        dialog = ConfirmSendDialog(
            self.body, warnings, self.now(), self.form.channel, self, estimate=self.estimate.summary()
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        body = dict(self.body)
        dialog.accepted.connect(lambda: self.send_confirmed(body))
        self.last_dialog = dialog
        dialog.open()

    def send_confirmed(self, body: dict[str, Any]) -> None:
        """Send ``body`` (what was confirmed) for this draft; ignored while a send is on the wire."""
        self.save_draft()
        try:
            client = self._client()
        except Exception as error:
            self._show_result("error", "Not connected to OneSignal yet, nothing was sent.", (str(error),))
            return
        self.controller.send(self.draft.id, body, client)

    def retry(self) -> None:
        try:
            client = self._client()
        except Exception as error:
            self._show_result("error", "Not connected to OneSignal yet, nothing was sent.", (str(error),))
            return
        self.controller.resend(self.draft.id, client)

    def _send_new_version(self) -> None:
        self.controller.dismiss(self.draft.id)
        self.send_new_version_button.hide()
        self.retry_button.hide()
        self.request_send()

    def _busy_changed(self, busy: bool) -> None:
        self.send_button.setEnabled(not busy and not self._sent_id)
        self.retry_button.setEnabled(not busy)
        if busy:
            self._show_result("info", "Sending…", ())

    def _show_outcome(self, outcome: SendOutcome) -> None:
        self.last_outcome = outcome
        self.retry_button.hide()
        self.send_new_version_button.hide()
        if outcome.kind == "no_answer":
            self._show_result(
                "warning",
                "No answer from OneSignal: the notification may or may not have gone out.",
                (
                    outcome.message,
                    "Retry safely sends the same request with the same key: OneSignal won't send it twice.",
                ),
            )
            self.retry_button.show()
            return
        if outcome.kind == "conflict":
            self._show_result(
                "warning",
                "An earlier attempt of this draft got no answer and may have gone out.",
                ("Retry it exactly as it was, or send this edited version as a new notification.",),
            )
            self.retry_button.show()
            self.send_new_version_button.show()
            return
        answer = outcome.answer or outcome.entry.answer
        if answer is None:
            return
        if outcome.kind == "already_sent":
            self._mark_sent(answer.notification_id or "")
            self._show_result(
                "info", f"This draft was already sent as notification {answer.notification_id}.", ()
            )
            return
        text = describe_answer(answer, outcome.entry.body, resent=outcome.resent)
        self._show_result(text.level, text.headline, text.details)
        if answer.outcome == "sent" and answer.notification_id:
            self._mark_sent(answer.notification_id)

    def new_from_this(self) -> ComposerWindow:
        """A new composer (new draft, new idempotency key) starting from this notification's body."""
        body = {key: value for key, value in self.body.items() if key not in ("send_after",)}
        draft = Draft.new(body, source_notification_id=self._sent_id or None, ui_state=self._ui_state())
        window = ComposerWindow(self.context, self.services, draft, parent=self.parentWidget())
        window.show()
        self.last_dialog = window
        return window

    def _mark_sent(self, notification_id: str) -> None:
        self.new_from_this_button.show()
        self._sent_id = notification_id
        self.send_button.setEnabled(False)
        self.send_button.setText("Sent")
        self.autosave_timer.stop()
        self._dirty = False
        with contextlib.suppress(KeyError):
            self.services.drafts.discard(self.draft.id)
        self._refresh(mark_dirty=False)
        self.sent.emit(notification_id)

    def _show_result(self, level: str, headline: str, details: tuple[str, ...] | list[str]) -> None:
        color = LEVEL_COLORS.get(level, "palette(text)")
        detail_html = "".join(f"<br>{_escape(line)}" for line in details if line)
        self.result_label.setText(
            f"<span style='color:{color}'><b>{_escape(headline)}</b></span>{detail_html}"
        )
        self.result_label.setProperty("level", level)
        self.result_panel.show()

    def result_text(self) -> str:
        """The result panel as plain text (what a person reads there)."""
        if self.result_panel.isHidden():
            return ""
        document = self.result_label.text().replace("<br>", "\n")
        return (
            re.sub(r"<[^>]+>", "", document).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        )

    def _scrub(self, text: str) -> str:
        keystore = getattr(self.context, "keystore", None)
        scrub = getattr(keystore, "scrub", None)
        return str(scrub(text)) if callable(scrub) else text

    # ----- drafts -----------------------------------------------------------------------------------

    def _ui_state(self) -> dict[str, Any]:
        return {
            "zone": self.form.zone,
            "languages": list(self.form.languages),
            "channel": self.form.channel,
            "delivery": self.form.delivery,
            "send_at": self.form.send_at.isoformat() if self.form.send_at else None,
        }

    def _current_draft(self) -> Draft:
        self._read_form()
        body, _ = build_body(self.form)
        return replace(self.draft, payload=body, ui_state=self._ui_state())

    def save_draft(self) -> None:
        """Save now (the autosave timer and Ctrl+S call this)."""
        self.autosave_timer.stop()
        if self._sent_id:
            return
        try:
            # Written on the draft store's worker: typing never waits for the disk.
            self.draft = self.services.drafts.save_in_background(self._current_draft())
        except CredentialInPayloadError:
            self._checked = True  # show where the key is instead of saving it to disk
            self.validate()
            return
        self._dirty = False

    def _is_blank(self) -> bool:
        body = {key: value for key, value in self.body.items() if key != "app_id"}
        return not body

    def _save_on_quit(self) -> None:
        if not self._sent_id and not self._is_blank():
            with contextlib.suppress(CredentialInPayloadError):
                self.draft = self.services.drafts.save(self._current_draft())

    def closeEvent(self, event: QCloseEvent) -> None:
        self.autosave_timer.stop()
        if not self._closing:
            self._closing = True
            self.services.remove_saver(self)
            self.scope.cancel_all()
            try:
                if self._sent_id:
                    pass
                elif self._is_blank():
                    self.services.drafts.discard(self.draft.id)
                else:
                    self.services.drafts.close(self._current_draft())
            except CredentialInPayloadError:
                # Never write the key: the last version saved without it stays, closed.
                with contextlib.suppress(KeyError):
                    self.services.drafts.close(self.draft.id)
            except KeyError:
                pass
        super().closeEvent(event)

    def _fill_drafts_menu(self) -> None:
        self.drafts_menu.clear()
        save = self.drafts_menu.addAction("Save draft now")
        save.triggered.connect(self.save_draft)
        others = [draft for draft in self.services.drafts.drafts() if draft.id != self.draft.id]
        if others:
            self.drafts_menu.addSection("Open a saved draft")
        for draft in others[:15]:
            when = datetime.fromtimestamp(draft.updated_at).strftime("%Y-%m-%d %H:%M")
            action = QAction(f"{draft.title} — {when}", self.drafts_menu)
            action.triggered.connect(lambda _checked=False, chosen=draft: self._open_other(chosen))
            self.drafts_menu.addAction(action)
        self.drafts_menu.addSeparator()
        discard = self.drafts_menu.addAction("Discard this draft")
        discard.triggered.connect(self._discard_this)

    def _open_other(self, draft: Draft) -> None:
        window = ComposerWindow(
            self.context, self.services, self.services.drafts.restore(draft.id), parent=self.parentWidget()
        )
        window.show()

    def _discard_this(self) -> None:
        with contextlib.suppress(KeyError):
            self.services.drafts.discard(self.draft.id)
        self._sent_id = self._sent_id or ""
        self._closing = True
        self.close()

    # ----- crash recovery and possibly-sent sends ---------------------------------------------------

    def _offer_recovery(self) -> None:
        recoverable = [draft for draft in self.services.drafts.recoverable() if draft.id != self.draft.id]
        self._recoverable = recoverable
        if not recoverable:
            self.recovery_banner.hide()
            return
        first = recoverable[0]
        when = datetime.fromtimestamp(first.updated_at).strftime("%Y-%m-%d %H:%M")
        more = f" (and {len(recoverable) - 1} more)" if len(recoverable) > 1 else ""
        self.recovery_banner.label.setText(
            f"OneSignal Desktop stopped while you were writing “{first.title}” (saved {when}){more}. "
            "Restore it?"
        )
        self.recovery_banner.show()

    def restore_recovered(self) -> None:
        if not self._recoverable:
            return
        recovered = self.services.drafts.restore(self._recoverable[0].id)
        if self._is_blank():
            with contextlib.suppress(KeyError):
                self.services.drafts.discard(self.draft.id)
            self.draft = recovered
            self.form = self._form_of(recovered)
            if not self.form.app_id:
                self.form.app_id = getattr(self.context, "current_app_id", None) or ""
            self._load_form()
        else:
            ComposerWindow(self.context, self.services, recovered, parent=self.parentWidget()).show()
        self._offer_recovery()

    def discard_recovered(self) -> None:
        if self._recoverable:
            self.services.drafts.discard(self._recoverable[0].id)
        self._offer_recovery()

    def _pending_entries(self) -> list[Any]:
        app_id = self.form.app_id or None
        return [entry for entry in self.services.journal.pending(app_id) if entry.send_id != self.draft.id]

    def _check_journal(self) -> None:
        entries = self._pending_entries()
        if not entries:
            self.pending_banner.hide()
            return
        count = len(entries)
        self.pending_banner.label.setText(
            f"{count} earlier send{'s' if count != 1 else ''} got no answer and may have gone out. "
            "Review before sending again."
        )
        self.pending_banner.show()

    def review_pending(self) -> None:
        try:
            client = self._client()
        except Exception as error:
            self._show_result("error", "Not connected to OneSignal yet.", (str(error),))
            return
        dialog = PossiblySentDialog(
            self._pending_entries(),
            self.services.journal,
            self.context.bridge,
            client,
            scrub=self._scrub,
            parent=self,
        )
        dialog.finished.connect(lambda _result: self._check_journal())
        self.last_dialog = dialog
        dialog.open()

    # ----- segments ---------------------------------------------------------------------------------

    def load_segments(self) -> None:
        app_id = self.form.app_id
        if not app_id:
            return
        try:
            client = self._client()
        except Exception:
            self.audience.set_segments_failed("not connected")
            return
        self.audience.set_segments_loading()

        def work(token: CancelToken) -> list[str]:
            names: list[str] = []
            offset = 0
            while True:
                page = client.get_segments(app_id, offset=offset, limit=300)
                names += [segment.name for segment in page.segments if segment.name]
                offset += len(page.segments)
                token.check()
                if not page.segments or offset >= (page.total_count or 0):
                    return names

        self.scope.run(
            LOAD_SEGMENTS,
            work,
            on_finished=self.audience.set_segments,
            on_failed=lambda error: self.audience.set_segments_failed(self._scrub(str(error))),
        )

    # ----- snippets ---------------------------------------------------------------------------------

    def snippet(self, kind: str, *, reveal: bool = False) -> str:
        connection = getattr(self.context, "connection", None)
        base_url = connection.base_url if connection is not None else "https://api.onesignal.com"
        scheme = connection.profile.auth_scheme if connection is not None else "Key"
        key = None
        if reveal and connection is not None and self.form.app_id:
            key = connection.app_key(self.form.app_id)
        render = as_curl if kind == "curl" else as_python
        return render(self.body, base_url=base_url, api_key=key, reveal=reveal, auth_scheme=scheme)

    def copy_snippet(self, kind: str) -> None:
        QGuiApplication.clipboard().setText(self.snippet(kind))
        self.summary.setStyleSheet("")
        self.summary.setText(f"Copied as {'curl' if kind == 'curl' else 'Python'}; the key is hidden.")

    def copy_snippet_with_key(self, kind: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Copy with the real key?",
            "The copied text will contain this app's REST API key. Anyone who sees it can send "
            "notifications to your users. Copy it with the key?",
            QMessageBox.StandardButton.Cancel,
            self,
        )
        reveal = box.addButton("Copy with key", QMessageBox.ButtonRole.AcceptRole)
        reveal.setObjectName("revealKeyButton")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)

        def done() -> None:
            if box.clickedButton() is reveal:
                QGuiApplication.clipboard().setText(self.snippet(kind, reveal=True))
                self.summary.setStyleSheet("")
                self.summary.setText("Copied with the key: keep it private.")

        box.finished.connect(lambda _result: done())
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_dialog = box
        box.open()

    # ----- helpers for tests and the screenshot script ---------------------------------------------

    def field_message(self, key: str) -> str:
        """The message shown next to the field registered for ``key`` ("" when none)."""
        resolved = self.registry.resolve(key) or key
        return self.registry.message_for(resolved)

    def problem_fields(self) -> list[str]:
        return [problem.field for problem in self.problems]


__all__ = ["AUDIENCE", "ComposerWindow", "ConfirmSendDialog"]
