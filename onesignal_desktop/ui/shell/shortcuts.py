"""Every keyboard shortcut of the console, in one table.

The window builds its actions from this table, the composer, lists and details panes take their keys from
it, and Help → Keyboard shortcuts (F1) lists it: what the user reads is what the keys do.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QKeySequence


@dataclass(frozen=True, slots=True)
class Shortcut:
    name: str  # how the code asks for it
    keys: tuple[str, ...]  # portable key text ("Ctrl+R"); the first is the one shown in tooltips
    what: str  # what it does, as the shortcuts list says it
    where: str  # where it works

    def sequences(self) -> list[QKeySequence]:
        return [QKeySequence(key) for key in self.keys]

    def shown(self) -> str:
        """The keys as the shortcuts list shows them, in the platform's own words."""
        return ", ".join(
            QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText) for key in self.keys
        )


WINDOW = "Anywhere in the window"
SHORTCUTS: tuple[Shortcut, ...] = (
    Shortcut("refresh", ("F5", "Ctrl+R"), "Refresh the page showing", WINDOW),
    Shortcut("new", ("Ctrl+N",), "New item on the page showing (app, notification, segment, …)", WINDOW),
    Shortcut("find", ("Ctrl+F",), "Go to the search or filter field of the page showing", WINDOW),
    Shortcut("keys", ("Ctrl+K",), "Keys… (organization and app keys)", WINDOW),
    Shortcut("profiles", ("Ctrl+Shift+P",), "Profiles… (connect to OneSignal or the sandbox)", WINDOW),
    Shortcut("go_to_tab", tuple(f"Ctrl+{n}" for n in range(1, 10)), "Go to the tab at that position", WINDOW),
    Shortcut("next_tab", ("Ctrl+Tab",), "Next tab", WINDOW),
    Shortcut("previous_tab", ("Ctrl+Shift+Tab",), "Previous tab", WINDOW),
    Shortcut("inspector", ("Ctrl+Shift+I",), "Request inspector (when on the sandbox)", WINDOW),
    Shortcut("help_shortcuts", ("F1",), "This list of keyboard shortcuts", WINDOW),
    Shortcut("quit", ("Ctrl+Q",), "Quit the console (drafts are kept)", WINDOW),
    Shortcut(
        "list_open", ("Return", "Enter"), "Open the report of the selected notification", "Notifications list"
    ),
    Shortcut("list_delete", ("Del",), "Cancel or delete the selection (asks first)", "Lists"),
    Shortcut(
        "compare",
        ("Ctrl+Shift+C",),
        "Compare the selected notifications (2 to 5) side by side",
        "Notifications list; Analytics → Trends",
    ),
    Shortcut("details_save", ("Ctrl+S",), "Save the player's details", "Player details"),
    Shortcut("composer_send", ("Ctrl+Return",), "Check, then confirm and send", "Composer"),
    Shortcut("composer_save", ("Ctrl+S",), "Save the draft now (it also saves as you type)", "Composer"),
    Shortcut("composer_close", ("Esc", "Ctrl+W"), "Close the composer, keeping the draft", "Composer"),
    Shortcut("condition_move", ("Alt+Up", "Alt+Down"), "Move the condition up or down", "Segment builder"),
    Shortcut("condition_remove", ("Ctrl+Del",), "Remove the condition", "Segment builder"),
    Shortcut("condition_next", ("Return",), "Next field of the condition", "Segment builder"),
    Shortcut("focus_next", ("Tab", "Shift+Tab"), "Next or previous field; out of a list", "Everywhere"),
)

_BY_NAME = {shortcut.name: shortcut for shortcut in SHORTCUTS}


def shortcut(name: str) -> Shortcut:
    return _BY_NAME[name]


def sequences(name: str) -> list[QKeySequence]:
    return _BY_NAME[name].sequences()


def hint(name: str) -> str:
    """The first key of a shortcut, for a tooltip: "Refresh (F5)"."""
    return QKeySequence(_BY_NAME[name].keys[0]).toString(QKeySequence.SequenceFormat.NativeText)
