"""The Content section: the words per language, links, images, buttons and data, per channel."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from onesignal_desktop.compose.languages import DEFAULT_LANGUAGE, LANGUAGES, RIGHT_TO_LEFT, language_name
from onesignal_desktop.compose.preflight import MAX_BUTTONS, Channel
from onesignal_desktop.compose.problems import Problem
from onesignal_desktop.ui.notifications.composer.fields import FieldMessage, FieldRegistry, with_message
from onesignal_desktop.ui.notifications.composer.payload import ButtonSpec, ComposerForm, LanguageText
from onesignal_desktop.ui.notifications.composer.widgets import (
    LinesEdit,
    PairList,
    add_row,
    form_layout,
    group,
    hint,
    line,
)

SECTION = "Content"


class MessageEdit(QPlainTextEdit):
    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setTabChangesFocus(True)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 14)


class LanguagePage(QWidget):
    """Title, subtitle and message in one language."""

    changed = Signal()

    def __init__(self, code: str, registry: FieldRegistry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code = code
        self.layout_ = form_layout(self)
        name = language_name(code)
        self.title = line(f"Title ({name})", f"title_{code}")
        self.subtitle = line("Shown on iOS under the title", f"subtitle_{code}")
        self.message = MessageEdit(
            f"Message ({name}) — required" if code == DEFAULT_LANGUAGE else f"Message ({name})"
        )
        self.message.setObjectName(f"message_{code}")
        if code in RIGHT_TO_LEFT:
            for editor in (self.title, self.subtitle, self.message):
                editor.setLayoutDirection(editor.layoutDirection().RightToLeft)
        add_row(self.layout_, "Title", self.title, registry, f"headings.{code}", SECTION)
        add_row(self.layout_, "Subtitle", self.subtitle, registry, f"subtitle.{code}", SECTION)
        add_row(self.layout_, "Message", self.message, registry, f"contents.{code}", SECTION)
        self.title.textChanged.connect(self.changed)
        self.subtitle.textChanged.connect(self.changed)
        self.message.textChanged.connect(self.changed)

    def set_sms(self, sms: bool) -> None:
        self.layout_.setRowVisible(0, not sms)
        self.layout_.setRowVisible(1, not sms)

    def text(self) -> LanguageText:
        return LanguageText(self.title.text(), self.subtitle.text(), self.message.toPlainText())

    def set_text(self, text: LanguageText) -> None:
        if self.title.text() != text.title:
            self.title.setText(text.title)
        if self.subtitle.text() != text.subtitle:
            self.subtitle.setText(text.subtitle)
        if self.message.toPlainText() != text.message:
            self.message.setPlainText(text.message)


class LanguageTabs(QTabWidget):
    """One tab per language; English always there, others added from OneSignal's codes."""

    changed = Signal()
    current_language_changed = Signal(str)

    def __init__(self, registry: FieldRegistry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("languageTabs")
        self._registry = registry
        self._sms = False
        self.pages: dict[str, LanguagePage] = {}
        self.setTabsClosable(True)
        self.setDocumentMode(True)
        # A push button, not a tool button: it keeps room for its menu arrow instead of drawing it over
        # the text.
        self.add_button = QPushButton("+ Language")
        self.add_button.setObjectName("addLanguageButton")
        self.add_button.setToolTip("Write the message in another language too")
        self.add_button.setAutoDefault(False)
        self.add_menu = QMenu(self.add_button)
        self.add_button.setMenu(self.add_menu)
        self.add_menu.aboutToShow.connect(self._fill_menu)
        corner = QWidget()
        self._corner_layout = QHBoxLayout(corner)
        self._corner_layout.setContentsMargins(0, 0, 0, 0)
        self._corner_layout.addWidget(self.add_button)
        self.setCornerWidget(corner)
        self.tabCloseRequested.connect(lambda index: self.remove_language(self.page_at(index).code))
        self.currentChanged.connect(
            lambda _index: self.current_language_changed.emit(self.current_language())
        )
        self.add_language(DEFAULT_LANGUAGE)
        # The corner widget stands on the pane's top edge, below the middle of the taller tabs: lift the
        # button by half the difference so it lines up with the tab titles.
        lift = max(0, self.tabBar().sizeHint().height() - self.add_button.sizeHint().height()) // 2
        self._corner_layout.setContentsMargins(0, 0, 0, lift)

    def _fill_menu(self) -> None:
        self.add_menu.clear()
        for code, name in LANGUAGES.items():
            if code in self.pages:
                continue
            action = QAction(f"{name} ({code})", self.add_menu)
            action.triggered.connect(
                lambda _checked=False, chosen=code: self.add_language(chosen, focus=True)
            )
            self.add_menu.addAction(action)

    def languages(self) -> list[str]:
        return [self.page_at(index).code for index in range(self.count())]

    def page_at(self, index: int) -> LanguagePage:
        page = self.widget(index)
        assert isinstance(page, LanguagePage)
        return page

    def current_language(self) -> str:
        page = self.currentWidget()
        return page.code if isinstance(page, LanguagePage) else DEFAULT_LANGUAGE

    def add_language(self, code: str, *, focus: bool = False) -> LanguagePage:
        if code in self.pages:
            page = self.pages[code]
        else:
            page = LanguagePage(code, self._registry)
            page.set_sms(self._sms)
            page.changed.connect(self.changed)
            self.pages[code] = page
            index = self.addTab(page, language_name(code))
            self.setTabToolTip(index, f"{language_name(code)} ({code})")
            if code == DEFAULT_LANGUAGE:
                self.tabBar().setTabButton(index, self.tabBar().ButtonPosition.RightSide, None)
            self.changed.emit()
        if focus:
            self.setCurrentWidget(page)
            page.message.setFocus() if self._sms else page.title.setFocus()
        return page

    def remove_language(self, code: str) -> None:
        if code == DEFAULT_LANGUAGE or code not in self.pages:
            return
        page = self.pages.pop(code)
        self.removeTab(self.indexOf(page))
        for prefix in ("headings", "subtitle", "contents"):
            self._registry.unregister_prefix(f"{prefix}.{code}")
        page.deleteLater()
        self.changed.emit()

    def set_sms(self, sms: bool) -> None:
        self._sms = sms
        for page in self.pages.values():
            page.set_sms(sms)

    def read_into(self, form: ComposerForm) -> None:
        form.languages = self.languages()
        form.texts = {code: page.text() for code, page in self.pages.items()}

    def load(self, form: ComposerForm) -> None:
        for code in list(self.pages):
            if code not in form.languages:
                self.remove_language(code)
        for code in form.languages:
            self.add_language(code).set_text(form.texts.get(code, LanguageText()))


class ContentSection(QWidget):
    changed = Signal()
    current_language_changed = Signal(str)

    def __init__(self, registry: FieldRegistry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._registry = registry
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        outer.setSpacing(10)

        top = form_layout()
        self.name = line(
            "Only you see it: in this notification's report, and in the list's tooltip and search", "name"
        )
        add_row(top, "Name", self.name, registry, "name", SECTION)
        outer.addLayout(top)

        self.languages = LanguageTabs(registry)
        outer.addWidget(self.languages)

        self.push_link_box, links = group("Link and images")
        self.url = line("https://example.com/page or myapp://screen", "url")
        self.big_picture = line("https://… (Android, large image)", "big_picture")
        self.ios_image = line("https://… (iOS attachment)", "ios_image")
        self.web_image = line("https://… (Chrome, Edge, Firefox)", "chrome_web_image")
        add_row(links, "Launch URL", self.url, registry, ("url", "app_url", "web_url"), SECTION)
        add_row(links, "Android image", self.big_picture, registry, "big_picture", SECTION)
        add_row(links, "iOS image", self.ios_image, registry, "ios_attachments", SECTION)
        add_row(links, "Web image", self.web_image, registry, "chrome_web_image", SECTION)
        outer.addWidget(self.push_link_box)

        self.buttons_box, buttons_layout = group("Action buttons")
        self.buttons = PairList("+ Add button", ("Button id (sent to your app)", "Label people see"))
        self.buttons.setObjectName("buttonsEditor")
        self.buttons_message = self._list_row(
            buttons_layout, self.buttons, "buttons", f"Up to {MAX_BUTTONS}."
        )
        outer.addWidget(self.buttons_box)

        self.data_box, data_layout = group("Additional data")
        self.data = PairList("+ Add key", ("key", "value"))
        self.data.setObjectName("dataEditor")
        self.data_message = self._list_row(
            data_layout, self.data, "data", "Delivered to your app with the notification."
        )
        outer.addWidget(self.data_box)

        self.email_box, email = group("Email")
        self.email_subject = line("Subject line", "email_subject")
        self.email_preheader = line("Preview text shown after the subject", "email_preheader")
        self.email_from_name = line("Sender name (default: the app's)", "email_from_name")
        self.email_from_address = line("sender@example.com", "email_from_address")
        self.email_body = QPlainTextEdit()
        self.email_body.setObjectName("email_body")
        self.email_body.setPlaceholderText("HTML body; include [unsubscribe_url]")
        self.email_body.setTabChangesFocus(True)
        self.email_body.setMinimumHeight(160)
        add_row(email, "Subject", self.email_subject, registry, "email_subject", SECTION)
        add_row(email, "Preheader", self.email_preheader, registry, "email_preheader", SECTION)
        add_row(email, "From name", self.email_from_name, registry, "email_from_name", SECTION)
        add_row(email, "From address", self.email_from_address, registry, "email_from_address", SECTION)
        add_row(email, "Body", self.email_body, registry, "email_body", SECTION)
        outer.addWidget(self.email_box)

        self.sms_box, sms = group("SMS")
        self.sms_from = line("+15551234567", "sms_from")
        self.sms_media = LinesEdit("https://… one image or video per line (MMS)")
        self.sms_media.setObjectName("sms_media_urls")
        add_row(sms, "From", self.sms_from, registry, "sms_from", SECTION)
        add_row(sms, "Media", self.sms_media, registry, "sms_media_urls", SECTION)
        outer.addWidget(self.sms_box)
        outer.addStretch(1)

        for edit in (
            self.name,
            self.url,
            self.big_picture,
            self.ios_image,
            self.web_image,
            self.email_subject,
            self.email_preheader,
            self.email_from_name,
            self.email_from_address,
            self.sms_from,
        ):
            edit.textChanged.connect(self.changed)
        for text_edit in (self.email_body, self.sms_media):
            text_edit.textChanged.connect(self.changed)
        self.languages.changed.connect(self.changed)
        self.languages.current_language_changed.connect(self.current_language_changed)
        self.buttons.changed.connect(self.changed)
        self.data.changed.connect(self.changed)
        self.set_channel("push")

    def _list_row(self, layout: QFormLayout, editor: PairList, key: str, note: str) -> FieldMessage:
        box, message = with_message(editor)
        layout.addRow(hint(note))
        layout.addRow(box)
        self._registry.register(key, editor, None, SECTION, handler=self._list_handler(editor, message, key))
        return message

    @staticmethod
    def _list_handler(editor: PairList, message: FieldMessage, key: str) -> Callable[[list[Problem]], None]:
        def show(problems: list[Problem]) -> None:
            whole = [problem for problem in problems if problem.field == key]
            per_row: dict[int, list[str]] = {}
            for problem in problems:
                parts = problem.field.split(".")
                if len(parts) > 1 and parts[1].isdigit():
                    per_row.setdefault(int(parts[1]), []).append(problem.message)
            message.show_problems(whole)
            editor.show_row_problems(per_row)

        return show

    def set_channel(self, channel: Channel) -> None:
        push, email, sms = channel == "push", channel == "email", channel == "sms"
        self.languages.setVisible(push or sms)
        self.languages.set_sms(sms)
        for box in (self.push_link_box, self.buttons_box, self.data_box):
            box.setVisible(push)
        self.email_box.setVisible(email)
        self.sms_box.setVisible(sms)

    def read_into(self, form: ComposerForm) -> None:
        form.name = self.name.text()
        self.languages.read_into(form)
        form.url = self.url.text()
        form.big_picture = self.big_picture.text()
        form.ios_image = self.ios_image.text()
        form.chrome_web_image = self.web_image.text()
        # Icons have no editor here; a loaded button keeps its icon while its id stays the same.
        icons = {button.id: button.icon for button in form.buttons}
        form.buttons = [
            ButtonSpec(button_id, text, icons.get(button_id, "")) for button_id, text in self.buttons.pairs()
        ]
        form.data = self.data.pairs()
        form.email_subject = self.email_subject.text()
        form.email_preheader = self.email_preheader.text()
        form.email_from_name = self.email_from_name.text()
        form.email_from_address = self.email_from_address.text()
        form.email_body = self.email_body.toPlainText()
        form.sms_from = self.sms_from.text()
        form.sms_media_urls = self.sms_media.entries()

    def load(self, form: ComposerForm) -> None:
        _set(self.name, form.name)
        self.languages.load(form)
        _set(self.url, form.url)
        _set(self.big_picture, form.big_picture)
        _set(self.ios_image, form.ios_image)
        _set(self.web_image, form.chrome_web_image)
        self.buttons.set_pairs([(button.id, button.text) for button in form.buttons])
        self.data.set_pairs(list(form.data))
        _set(self.email_subject, form.email_subject)
        _set(self.email_preheader, form.email_preheader)
        _set(self.email_from_name, form.email_from_name)
        _set(self.email_from_address, form.email_from_address)
        if self.email_body.toPlainText() != form.email_body:
            self.email_body.setPlainText(form.email_body)
        _set(self.sms_from, form.sms_from)
        self.sms_media.set_entries(form.sms_media_urls)
        self.set_channel(form.channel)


def _set(edit: QLineEdit, text: str) -> None:
    if edit.text() != text:
        edit.setText(text)


__all__ = ["SECTION", "ContentSection", "LanguagePage", "LanguageTabs"]
