"""A tab made of inner pages (Apps: apps, API keys; Notifications: messages, templates; ...).

The window's shortcuts call the tab's ``refresh`` / ``create_new`` / ``focus_find``; a paged tab hands them
to the page that is showing, so F5 on the API keys page reloads the keys, not the apps.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from onesignal_desktop.ui.shell.icons import icon

PAGE_ACTIONS = ("refresh", "create_new", "focus_find")


class ActionsPage(QWidget):
    """A plain page whose shortcut actions are given as functions (a tab's own main page)."""

    def __init__(
        self,
        *,
        refresh: Callable[[], None] | None = None,
        create_new: Callable[[], None] | None = None,
        focus_find: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._actions = {"refresh": refresh, "create_new": create_new, "focus_find": focus_find}

    def refresh(self) -> None:
        self._run("refresh")

    def create_new(self) -> None:
        self._run("create_new")

    def focus_find(self) -> None:
        self._run("focus_find")

    def _run(self, action: str) -> None:
        handler = self._actions.get(action)
        if handler is not None:
            handler()


class LazyPage(QWidget):
    """Holds the place of a page that is built the first time it is shown (or asked for): pages the user
    has not opened cost nothing at start-up, when the tab is built with the window."""

    def __init__(self, build: Callable[[], QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build: Callable[[], QWidget] | None = build
        self._page: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def built(self) -> bool:
        return self._page is not None

    @property
    def page(self) -> QWidget:
        if self._page is None:
            assert self._build is not None
            build, self._build = self._build, None
            self._page = build()
            self._layout.addWidget(self._page)
        return self._page

    def refresh(self) -> None:
        self._act("refresh")

    def create_new(self) -> None:
        self._act("create_new")

    def focus_find(self) -> None:
        self._act("focus_find")

    def _act(self, action: str) -> None:
        handler = getattr(self.page, action, None)
        if callable(handler):
            handler()


class InnerPages(QTabWidget):
    """The pages of one tab, as document-mode tabs under the window's own."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setDocumentMode(True)
        self.currentChanged.connect(self._build_if_lazy)

    def add_lazy_page(
        self, build: Callable[[], QWidget], title: str, icon_name: str = "", tip: str = ""
    ) -> LazyPage:
        """A page built when it is first shown (see :class:`LazyPage`)."""
        holder = LazyPage(build)
        self.add_page(holder, title, icon_name, tip)
        return holder

    def _build_if_lazy(self, index: int) -> None:
        holder = self.widget(index)
        if isinstance(holder, LazyPage):
            _ = holder.page

    def add_page(self, page: QWidget, title: str, icon_name: str = "", tip: str = "") -> int:
        index = self.addTab(page, icon(icon_name), title) if icon_name else self.addTab(page, title)
        if tip:
            self.setTabToolTip(index, tip)
        return index

    def pages(self) -> list[QWidget]:
        return [self.widget(index) for index in range(self.count())]

    def show_page(self, page: QWidget) -> None:
        """Show ``page`` (a page, or the built page a :class:`LazyPage` holds)."""
        for index in range(self.count()):
            holder = self.widget(index)
            if holder is page or (isinstance(holder, LazyPage) and holder.built and holder.page is page):
                self.setCurrentIndex(index)
                return
        self.setCurrentWidget(page)

    def act(self, action: str) -> None:
        """Run ``refresh``, ``create_new`` or ``focus_find`` on the page showing, if it has it."""
        if action not in PAGE_ACTIONS:
            raise ValueError(f"not a page action: {action}")
        handler = getattr(self.currentWidget(), action, None)
        if callable(handler):
            handler()
