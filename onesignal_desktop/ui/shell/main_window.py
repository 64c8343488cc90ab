"""The main window: a thin frame hosting the tabs, the app selector, messages and the status bar."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from onesignal_desktop import __version__
from onesignal_desktop.keystore import KeyringState
from onesignal_desktop.ui.shell import shortcuts
from onesignal_desktop.ui.shell.app_selector import AppSelector
from onesignal_desktop.ui.shell.context import ConsoleContext
from onesignal_desktop.ui.shell.crash import UNEXPECTED
from onesignal_desktop.ui.shell.icons import icon, refresh, themed
from onesignal_desktop.ui.shell.message_bar import MessageBar
from onesignal_desktop.ui.shell.status_bar import ConsoleStatusBar
from onesignal_desktop.ui.shell.tab import ConsoleTab
from onesignal_desktop.ui.shell.tabs import TABS, TabSpec

GEOMETRY_KEY = "window/geometry"
KEYRING_WARNING = "keyring"  # the message bar's key for the "no system keyring" warning
LAST_TAB_KEY = "window/last_tab"


class TabSlot(QWidget):
    """Holds a tab's place and builds the tab the first time it is needed, so start-up only pays for
    the tab on screen."""

    built = Signal(object)  # the ConsoleTab, once, right after it was built

    def __init__(self, spec: TabSpec, context: ConsoleContext) -> None:
        super().__init__()
        self.spec = spec
        self.context = context
        self.tab: ConsoleTab | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    def ensure(self) -> ConsoleTab:
        if self.tab is None:
            self.tab = self.spec.create(self.context)
            layout = self.layout()
            assert layout is not None
            layout.addWidget(self.tab)
            self.built.emit(self.tab)
        return self.tab


class MainWindow(QMainWindow):
    tab_built = Signal(object)  # a ConsoleTab, built the first time it was opened

    def __init__(
        self, context: ConsoleContext, tabs: tuple[TabSpec, ...] = TABS, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("OneSignal Desktop")
        self.setMinimumSize(760, 480)

        self.app_selector = AppSelector(context)
        self.messages = MessageBar()
        self.tab_widget = QTabWidget()
        self.tab_widget.setDocumentMode(True)
        self._slots: list[TabSlot] = []
        for spec in tabs:
            slot = TabSlot(spec, context)
            slot.built.connect(self.tab_built)
            self._slots.append(slot)
            index = self.tab_widget.addTab(slot, icon(spec.icon_name), spec.title)
            self.tab_widget.setTabToolTip(
                index, f"{spec.what} (Ctrl+{index + 1})" if index < 9 else spec.what
            )

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(8, 6, 8, 0)
        layout.addLayout(self._top_row())
        layout.addWidget(self.messages)
        layout.addWidget(self.tab_widget, 1)
        self.setCentralWidget(central)
        self.setStatusBar(ConsoleStatusBar(context))
        self._add_actions()

        context.error_reported.connect(
            lambda operation, message: self.messages.show_error(
                message, operation, replaces=operation != UNEXPECTED
            )
        )
        context.error_resolved.connect(self.messages.resolve)
        context.keyring_state_changed.connect(self._keyring_state_changed)
        context.connection_changed.connect(lambda _connection: self._keyring_state_changed())
        context.connection_changed.connect(self._offer_inspector)
        self._offer_inspector(context.connection)
        self._restore_state()
        self.tab_widget.currentChanged.connect(lambda index: self._slots[index].ensure())
        self.current_tab()  # only the tab on screen is built now; the others when first opened

    def _top_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        label = QLabel("&App:")
        label.setBuddy(self.app_selector)
        self.keys_button = QToolButton()
        self.keys_button.setText("Keys…")
        themed(self.keys_button, "key")
        self.keys_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.keys_button.setToolTip("Set, replace, remove and test the organization key and app keys")
        self.keys_button.clicked.connect(self.open_keys_dialog)
        self.refresh_button = QToolButton()
        themed(self.refresh_button, "refresh")
        self.refresh_button.setToolTip("Refresh this tab (F5)")
        self.refresh_button.clicked.connect(self.refresh_current)
        row.addWidget(label)
        row.addWidget(self.app_selector, 1)
        row.addStretch(1)
        self.profiles_button = QToolButton()
        self.profiles_button.setText("Profiles…")
        themed(self.profiles_button, "profile")
        self.profiles_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.profiles_button.setToolTip("Connect to OneSignal with a profile, or to the local sandbox")
        self.profiles_button.clicked.connect(self.open_profiles_dialog)
        row.addWidget(self.refresh_button)
        row.addWidget(self.profiles_button)
        row.addWidget(self.keys_button)
        return row

    def _add_actions(self) -> None:
        def action(text: str, name: str, slot: object, keys: list[QKeySequence] | None = None) -> QAction:
            act = QAction(text, self)
            act.setShortcuts(keys if keys is not None else shortcuts.sequences(name))
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.triggered.connect(slot)
            self.addAction(act)
            return act

        self.refresh_action = action("Refresh", "refresh", self.refresh_current)
        self.new_action = action("New…", "new", lambda: self.current_tab().create_new())
        self.find_action = action("Find", "find", lambda: self.current_tab().focus_find())
        self.keys_action = action("Keys…", "keys", self.open_keys_dialog)
        self.profiles_action = action("Profiles…", "profiles", self.open_profiles_dialog)
        go_to_tab = shortcuts.sequences("go_to_tab")
        for index in range(min(len(self._slots), len(go_to_tab))):
            action(
                f"Go to tab {index + 1}",
                "go_to_tab",
                lambda _checked=False, i=index: self.tab_widget.setCurrentIndex(i),
                [go_to_tab[index]],
            )
        action("Next tab", "next_tab", lambda: self._step_tab(1))
        action("Previous tab", "previous_tab", lambda: self._step_tab(-1))
        self.quit_action = action("Quit", "quit", self.close)
        self.shortcuts_action = action("Keyboard shortcuts", "help_shortcuts", self.open_shortcuts_dialog)
        self.inspector_action = action("Request inspector…", "inspector", self.open_inspector)
        self.inspector_action.setToolTip(
            "What was sent to the sandbox, live, and faults to inject (sandbox only)"
        )
        self.inspector_window: QWidget | None = None

        menu = self.menuBar().addMenu("&Console")
        for act in (
            self.refresh_action,
            self.new_action,
            self.find_action,
            self.keys_action,
            self.profiles_action,
        ):
            menu.addAction(act)
        menu.addAction(self.inspector_action)
        menu.addSeparator()
        self.welcome_action = menu.addAction("Welcome and connecting OneSignal…")
        self.welcome_action.setToolTip("What the sandbox is and how to connect a OneSignal account")
        self.welcome_action.triggered.connect(self.open_first_run_panel)
        menu.addSeparator()
        menu.addAction(self.quit_action)
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(self.shortcuts_action)
        about = help_menu.addAction("About OneSignal Desktop")
        about.triggered.connect(
            lambda: self.statusBar().showMessage(f"OneSignal Desktop {__version__}", 5000)
        )

    def _offer_inspector(self, connection: object) -> None:
        """The request inspector reads the sandbox's own log: offered only while connected to it."""
        sandbox = getattr(connection, "sandbox", None)
        on_sandbox = bool(getattr(connection, "is_sandbox", False)) and sandbox is not None
        self.inspector_action.setEnabled(on_sandbox)
        if self.inspector_window is not None and not on_sandbox:
            self.inspector_window.close()
            self.inspector_window = None

    def open_inspector(self) -> None:
        connection = self.context.connection
        sandbox = getattr(connection, "sandbox", None)
        if connection is None or not connection.is_sandbox or sandbox is None:
            self.statusBar().showMessage("The request inspector works on the sandbox only", 5000)
            return
        if (
            self.inspector_window is not None
            and self.inspector_window.property("baseUrl") == sandbox.base_url
        ):
            self.inspector_window.show()
            self.inspector_window.raise_()
            self.inspector_window.activateWindow()
            return
        # Imported on first use: the inspector brings the sandbox admin client (httpx) with it.
        from onesignal_desktop.ui.inspector.view import InspectorWindow

        if self.inspector_window is not None:
            self.inspector_window.close()
        window = InspectorWindow(self.context.bridge, str(sandbox.base_url), str(sandbox.org_key), self)
        window.setProperty("baseUrl", sandbox.base_url)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.inspector_window = window
        window.show()

    def open_shortcuts_dialog(self) -> None:
        from onesignal_desktop.ui.dialogs.shortcuts_dialog import ShortcutsDialog

        titles = [self.tab_widget.tabText(index) for index in range(self.tab_widget.count())]
        dialog = ShortcutsDialog(titles, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.shortcuts_dialog = dialog

    @property
    def tabs(self) -> list[ConsoleTab]:
        """Every tab, building those not opened yet."""
        return [slot.ensure() for slot in self._slots]

    @property
    def built_tabs(self) -> list[ConsoleTab]:
        """The tabs opened so far (building none)."""
        return [slot.tab for slot in self._slots if slot.tab is not None]

    def tab_at(self, index: int) -> ConsoleTab:
        """The tab at ``index``, built now if it was not opened yet."""
        return self._slots[index].ensure()

    def current_tab(self) -> ConsoleTab:
        return self._slots[self.tab_widget.currentIndex()].ensure()

    def refresh_current(self) -> None:
        if not self.context.retry_failed_connect():
            self.current_tab().refresh()

    def open_keys_dialog(self) -> None:
        from onesignal_desktop.ui.dialogs.keys_dialog import KeysDialog

        dialog = KeysDialog(self.context, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.keys_dialog = dialog

    def open_profiles_dialog(self) -> None:
        from onesignal_desktop.ui.dialogs.profiles_dialog import ProfilesDialog

        dialog = ProfilesDialog(self.context, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.profiles_dialog = dialog

    def open_first_run_panel(self) -> None:
        """The first-run panel again, even after "Don't show this again"."""
        from onesignal_desktop.ui.dialogs.first_run import show_first_run

        self.first_run_panel = show_first_run(self, self.context)

    def _step_tab(self, step: int) -> None:
        count = self.tab_widget.count()
        self.tab_widget.setCurrentIndex((self.tab_widget.currentIndex() + step) % count)

    def _keyring_state_changed(self, state: KeyringState | None = None) -> None:
        """Warn of a keyring that keeps keys for this session only, but not on the sandbox: its keys
        never touch the keyring, so the warning would say nothing true there."""
        state = state or self.context.keyring_state
        connection = self.context.connection
        on_sandbox = connection is None or connection.is_sandbox
        if state.kind.value == "session-only" and not on_sandbox:
            self.messages.show_warning(state.message, KEYRING_WARNING)
        else:
            self.messages.resolve(KEYRING_WARNING)

    def _restore_state(self) -> None:
        geometry = self.context.settings.value(GEOMETRY_KEY)
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1100, 700)
        last_tab = self.context.settings.value(LAST_TAB_KEY)
        if last_tab is not None:
            index = int(last_tab) if str(last_tab).isdigit() else 0
            if 0 <= index < self.tab_widget.count():
                self.tab_widget.setCurrentIndex(index)

    def save_state(self) -> None:
        self.context.settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        self.context.settings.setValue(LAST_TAB_KEY, self.tab_widget.currentIndex())
        self.context.settings.sync()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            # The system switched between light and dark: redraw icons in the new text colour.
            for index, slot in enumerate(self._slots):
                self.tab_widget.setTabIcon(index, icon(slot.spec.icon_name))
            refresh(self)
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        super().closeEvent(event)
