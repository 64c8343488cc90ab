"""The drafts store and send journal of one console, shared by all its composer windows.

One :class:`ComposerServices` per console context (a child object of it), so the drafts store's
session lock is taken once per running app and released when the app quits.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject

from onesignal_desktop.compose.drafts import DraftStore
from onesignal_desktop.compose.journal import SendJournal

_OBJECT_NAME = "composerServices"


def data_dir_of(context: Any, data_dir: Path | str | None = None) -> Path:
    """Where drafts and the journal live: ``data_dir``, else the context's ``data_dir``, else the
    per-user app data directory."""
    if data_dir is not None:
        return Path(data_dir)
    given = getattr(context, "data_dir", None)
    if given:
        return Path(given)
    from onesignal_desktop.ui.shell.settings import app_data_dir

    return app_data_dir()


def clock_of(context: Any) -> Callable[[], float]:
    """ "Now" as the server sees it: the sandbox's clock when connected to a sandbox, else this machine's."""
    connection = getattr(context, "connection", None)
    sandbox = getattr(connection, "sandbox", None) if connection is not None else None
    clock = getattr(sandbox, "clock", None)
    if clock is not None and callable(getattr(clock, "now", None)):
        return clock.now  # type: ignore[no-any-return]
    return time.time


class ComposerServices(QObject):
    def __init__(
        self,
        data_dir: Path,
        parent: QObject | None = None,
        *,
        known_keys: Callable[[], Iterable[str]] = tuple,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(_OBJECT_NAME)
        self.data_dir = data_dir
        self.known_keys = known_keys
        self.drafts = DraftStore.in_directory(data_dir, known_keys=known_keys)
        self.journal = SendJournal.in_directory(data_dir, known_keys=known_keys)
        drafts, journal = self.drafts, self.journal
        savers: dict[int, Callable[[], None]] = {}
        self._savers = savers
        state = {"closed": False}

        def close() -> None:
            if state["closed"]:
                return
            state["closed"] = True
            for save in list(savers.values()):
                with contextlib.suppress(Exception):
                    save()
            drafts.shutdown()
            journal.close()

        self._close = close
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(close)
        if parent is not None:
            parent.destroyed.connect(lambda *_: close())

    def add_saver(self, owner: object, save: Callable[[], None]) -> None:
        """``save`` runs before the drafts are marked closed at shutdown (an open window's last edits)."""
        self._savers[id(owner)] = save

    def remove_saver(self, owner: object) -> None:
        self._savers.pop(id(owner), None)

    def shutdown(self) -> None:
        """Mark this session's drafts closed and release the journal (the app is quitting cleanly)."""
        self._close()

    @classmethod
    def for_context(cls, context: QObject, data_dir: Path | str | None = None) -> ComposerServices:
        wanted = data_dir_of(context, data_dir)
        for child in context.findChildren(ComposerServices):
            if child.objectName() == _OBJECT_NAME and child.data_dir == wanted:
                return child
        keystore = getattr(context, "keystore", None)
        known = getattr(keystore, "known_secrets", None)
        return cls(wanted, context, known_keys=known if callable(known) else tuple)
