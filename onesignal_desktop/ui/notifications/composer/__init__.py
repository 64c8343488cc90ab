"""The notification composer: content, audience, delivery and options, live preview, checks, safe send.

``open_composer(context, parent, draft=None)`` opens a composer window (non-modal) for the current app,
prefilled from ``draft`` (a create-notification body, e.g. a duplicated notification) when given; a new
empty composer offers to restore drafts left behind by a crash.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from onesignal_desktop.compose.drafts import Draft
    from onesignal_desktop.compose.journal import JournalEntry
    from onesignal_desktop.ui.notifications.composer.pending import PossiblySentDialog
    from onesignal_desktop.ui.notifications.composer.window import ComposerWindow

__all__ = ["open_composer", "possibly_sent", "review_possibly_sent"]


def open_composer(
    context: Any,
    parent: QWidget | None = None,
    draft: Mapping[str, Any] | Draft | None = None,
    *,
    data_dir: Path | str | None = None,
) -> ComposerWindow:
    """Open (show) a composer window and return it.

    ``draft`` is a create-notification body to start from (its ``id`` and keys are dropped), or a saved
    :class:`~onesignal_desktop.compose.drafts.Draft` to continue. Drafts and the send journal live in
    ``data_dir``, else ``context.data_dir``, else the app data directory.
    """
    from onesignal_desktop.compose.drafts import Draft, create_fields_of
    from onesignal_desktop.ui.notifications.composer.services import ComposerServices
    from onesignal_desktop.ui.notifications.composer.window import ComposerWindow

    services = ComposerServices.for_context(context, data_dir)
    if isinstance(draft, Draft):
        chosen = draft
    else:
        payload = create_fields_of(draft) if draft is not None else {}
        if not payload.get("app_id") and getattr(context, "current_app_id", None):
            payload["app_id"] = context.current_app_id
        source = draft.get("id") if draft is not None else None
        chosen = Draft.new(payload, source_notification_id=source if isinstance(source, str) else None)
    window = ComposerWindow(context, services, chosen, parent=parent, offer_recovery=draft is None)
    window.show()
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.platformName() != "offscreen":  # offscreen warns that it can't raise windows
        window.raise_()
        window.activateWindow()
    return window


def possibly_sent(
    context: Any, app_id: str | None = None, *, data_dir: Path | str | None = None
) -> list[JournalEntry]:
    """Sends whose answer never came (timeout, crash, kill), oldest first; for one app if given.

    Call it on start (e.g. when the Notifications tab opens) to tell the user; the composer shows them
    too, in a banner, whenever it opens.
    """
    from onesignal_desktop.ui.notifications.composer.services import ComposerServices

    return ComposerServices.for_context(context, data_dir).journal.pending(app_id)


def review_possibly_sent(
    context: Any, parent: QWidget | None = None, *, data_dir: Path | str | None = None
) -> PossiblySentDialog | None:
    """Open (non-modal) the list of possibly-sent sends with their safe resend; None when there are none."""
    from onesignal_desktop.ui.notifications.composer.pending import PossiblySentDialog
    from onesignal_desktop.ui.notifications.composer.services import ComposerServices

    services = ComposerServices.for_context(context, data_dir)
    entries = services.journal.pending(getattr(context, "current_app_id", None))
    if not entries:
        return None
    keystore = getattr(context, "keystore", None)
    dialog = PossiblySentDialog(
        entries,
        services.journal,
        context.bridge,
        context.client,
        scrub=getattr(keystore, "scrub", str),
        parent=parent,
    )
    dialog.open()
    return dialog
