"""Composer drafts, saved to the app data directory as the user types and recovered after a crash.

Each draft is one JSON file, replaced atomically (write a temp file, fsync, rename) so a kill at any
moment leaves either the previous or the new version. A draft being edited is marked *open* by the
running session; a session holds an OS lock on its own lock file for as long as it lives, so after a
crash (the lock dies with the process) :meth:`DraftStore.recoverable` can tell "open in a session that
ended without closing it" from "open in another window that is still running".
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any, Final

from ._guard import KnownKeys, ensure_no_credentials, no_known_keys
from .background_writes import BackgroundWrites
from .languages import DEFAULT_LANGUAGE

DRAFTS_DIR_NAME: Final = "drafts"
_FORMAT_VERSION: Final = 1
_SESSIONS_DIR: Final = "sessions"
_TITLE_LENGTH: Final = 60

#: Fields of OneSignal's create-notification body (both API eras) that a duplicate carries over.
#: Left out on purpose: ``id`` and the idempotency keys (``external_id``, ``idempotency_key``) which
#: belong to the original send, and ``send_after`` (the original's moment has passed).
CREATE_FIELDS: Final = frozenset(
    {
        "adm_big_picture", "adm_group", "adm_group_message", "adm_large_icon", "adm_small_icon",
        "adm_sound", "android_accent_color", "android_background_layout", "android_channel_id",
        "android_group", "android_group_message", "android_led_color", "android_sound",
        "android_visibility", "apns_alert", "apns_push_type_override", "app_id", "app_url",
        "big_picture", "buttons", "channel_for_external_user_ids", "chrome_big_picture", "chrome_icon",
        "chrome_web_badge", "chrome_web_icon", "chrome_web_image", "collapse_id", "content_available",
        "contents", "custom_data", "data", "delayed_option", "delivery_time_of_day",
        "disable_email_click_tracking", "email_bcc", "email_body", "email_from_address",
        "email_from_name", "email_preheader", "email_reply_to_address", "email_sender_domain",
        "email_subject", "email_to", "excluded_segments", "existing_android_channel_id", "filters",
        "firefox_icon", "global_image", "headings", "huawei_accent_color", "huawei_badge_add_num",
        "huawei_badge_class", "huawei_badge_set_num", "huawei_bi_tag", "huawei_big_picture",
        "huawei_category", "huawei_channel_id", "huawei_existing_channel_id", "huawei_large_icon",
        "huawei_led_color", "huawei_msg_type", "huawei_small_icon", "huawei_sound", "huawei_visibility",
        "include_aliases", "include_amazon_reg_ids", "include_android_reg_ids", "include_chrome_reg_ids",
        "include_chrome_web_reg_ids", "include_email_tokens", "include_external_user_ids",
        "include_ios_tokens", "include_phone_numbers", "include_player_ids", "include_subscription_ids",
        "include_unsubscribed", "include_wp_wns_uris", "included_segments", "ios_attachments",
        "ios_badgeCount", "ios_badgeType", "ios_category", "ios_interruption_level",
        "ios_relevance_score", "ios_sound", "isAdm", "isAndroid", "isAnyWeb", "isChrome", "isChromeWeb",
        "isFirefox", "isHuawei", "isIos", "isSafari", "isWP_WNS", "large_icon", "mutable_content",
        "name", "priority", "small_icon", "sms_from", "sms_media_urls", "subtitle", "summary_arg",
        "summary_arg_count", "target_channel", "target_content_identifier", "template_id", "thread_id",
        "throttle_rate_per_minute", "ttl", "url", "web_buttons", "web_push_topic", "web_url",
        "wp_wns_sound",
    }
)  # fmt: skip


class DraftNotFoundError(KeyError):
    """No draft with that id (discarded, or never saved)."""


@dataclass(frozen=True)
class Draft:
    """A notification being composed.

    ``payload`` is the create-notification body as far as it is filled in; ``ui_state`` holds what
    the composer needs to reopen it that is not part of the body (the time zone picked, the language
    tab shown...). ``source_notification_id`` is set on a duplicate of a sent notification.
    """

    id: str
    payload: Mapping[str, Any] = field(default_factory=dict)
    created_at: float = 0.0
    updated_at: float = 0.0
    label: str = ""
    ui_state: Mapping[str, Any] = field(default_factory=dict)
    source_notification_id: str | None = None

    @classmethod
    def new(
        cls,
        payload: Mapping[str, Any] | None = None,
        *,
        clock: Callable[[], float] = time.time,
        **kwargs: Any,
    ) -> Draft:
        now = clock()
        return cls(uuid.uuid4().hex, dict(payload or {}), now, now, **kwargs)

    @property
    def title(self) -> str:
        """What to call the draft in a list: its label, else its title or message, else "Untitled"."""
        if self.label.strip():
            return self.label.strip()
        for name in ("headings", "contents"):
            texts = self.payload.get(name)
            if isinstance(texts, Mapping):
                text = texts.get(DEFAULT_LANGUAGE) or next((t for t in texts.values() if t), "")
                if isinstance(text, str) and text.strip():
                    single_line = " ".join(text.split())
                    if len(single_line) > _TITLE_LENGTH:
                        return single_line[: _TITLE_LENGTH - 1].rstrip() + "…"
                    return single_line
        subject = self.payload.get("email_subject")
        if isinstance(subject, str) and subject.strip():
            return subject.strip()
        return "Untitled draft"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "payload": dict(self.payload),
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "label": self.label,
            "ui_state": dict(self.ui_state),
            "source_notification_id": self.source_notification_id,
        }

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Draft:
        return cls(
            id=str(raw["id"]),
            payload=dict(raw.get("payload") or {}),
            created_at=float(raw.get("created_at") or 0.0),
            updated_at=float(raw.get("updated_at") or 0.0),
            label=str(raw.get("label") or ""),
            ui_state=dict(raw.get("ui_state") or {}),
            source_notification_id=raw.get("source_notification_id"),
        )


def create_fields_of(notification: Mapping[str, Any]) -> dict[str, Any]:
    """The create-notification fields of a sent notification (ids, keys, stats and nulls dropped)."""
    return {key: value for key, value in notification.items() if key in CREATE_FIELDS and value is not None}


def duplicate_notification(
    notification: Mapping[str, Any], *, clock: Callable[[], float] = time.time
) -> Draft:
    """A new draft with the content, audience and options of ``notification`` (a NotificationWithMeta)."""
    source_id = notification.get("id")
    return Draft.new(
        create_fields_of(notification),
        clock=clock,
        source_notification_id=source_id if isinstance(source_id, str) else None,
    )


class _SessionLock:
    """An exclusive OS lock on a file, held while this session lives and released by the OS on death."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: IO[bytes] | None = None

    def acquire(self) -> bool:
        handle = open(self.path, "a+b")  # noqa: SIM115 - kept open for the lock's lifetime
        if _try_lock(handle):
            self._handle = handle
            return True
        handle.close()
        return False

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
            self.path.unlink(missing_ok=True)


def _try_lock(handle: IO[bytes]) -> bool:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _write_atomically(path: Path, data: bytes) -> None:
    descriptor, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    _fsync_directory(path.parent)


def _fsync_directory(directory: Path) -> None:
    if sys.platform == "win32":  # pragma: no cover - directories can't be opened on Windows
        return
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _is_file_safe(draft_id: str) -> bool:
    return 0 < len(draft_id) <= 100 and all(
        char.isascii() and (char.isalnum() or char in "-_") for char in draft_id
    )


class DraftStore:
    """Drafts kept in ``directory`` (one JSON file per draft) for one running session of the app."""

    def __init__(
        self,
        directory: Path | str,
        *,
        clock: Callable[[], float] = time.time,
        known_keys: KnownKeys = no_known_keys,
    ) -> None:
        self.directory = Path(directory)
        self._known_keys = known_keys
        self._background = BackgroundWrites()
        self._sessions = self.directory / _SESSIONS_DIR
        self._sessions.mkdir(parents=True, exist_ok=True)
        self._clock = clock
        self.session_id = uuid.uuid4().hex
        self._lock = _SessionLock(self._sessions / f"{self.session_id}.lock")
        if not self._lock.acquire():  # pragma: no cover - a fresh random name is never locked
            raise RuntimeError("could not lock this session's draft lock file")
        self._remove_stale_temp_files()

    @classmethod
    def in_directory(cls, data_dir: Path | str, **kwargs: Any) -> DraftStore:
        """The store under the app data directory (``<data_dir>/drafts``)."""
        return cls(Path(data_dir) / DRAFTS_DIR_NAME, **kwargs)

    def __enter__(self) -> DraftStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.shutdown()

    def _path(self, draft_id: str) -> Path:
        if not _is_file_safe(draft_id):
            raise DraftNotFoundError(draft_id)
        return self.directory / f"{draft_id}.json"

    def _read(self, path: Path) -> tuple[Draft, str | None] | None:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            return Draft.from_json(raw["draft"]), raw.get("open_session")
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def _check(self, draft: Draft) -> None:
        if not _is_file_safe(draft.id):
            raise ValueError("a draft id is made of ASCII letters, digits, '-' and '_'")
        known = tuple(self._known_keys())
        ensure_no_credentials(draft.payload, "a draft", known=known)
        ensure_no_credentials(draft.ui_state, "a draft", known=known)

    def _write(self, draft: Draft, open_session: str | None) -> None:
        self._check(draft)
        self._background.cancel(draft.id)  # an older queued autosave must not overwrite this write
        self._write_checked(draft, open_session)

    def _write_checked(self, draft: Draft, open_session: str | None) -> None:
        document = {"version": _FORMAT_VERSION, "open_session": open_session, "draft": draft.to_json()}
        data = json.dumps(document, ensure_ascii=False, indent=1, allow_nan=False).encode("utf-8")
        _write_atomically(self._path(draft.id), data)

    def save(self, draft: Draft) -> Draft:
        """Save ``draft`` as being edited in this session (autosave and explicit save); returns it
        with ``updated_at`` set."""
        saved = replace(draft, updated_at=self._clock())
        self._write(saved, self.session_id)
        return saved

    def save_in_background(self, draft: Draft) -> Draft:
        """Like :meth:`save`, but written on the store's worker thread (the UI thread does not wait for
        the disk); a credential is still refused here, at once. Returns the draft as it will be saved."""
        saved = replace(draft, updated_at=self._clock())
        self._check(saved)
        self._background.submit(saved.id, lambda: self._write_checked(saved, self.session_id))
        return saved

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait for the background saves; False if they took longer than ``timeout``."""
        return self._background.flush(timeout)

    def close(self, draft: Draft | str) -> None:
        """The composer for this draft closed normally: it stays saved, and is not a crash leftover.

        Pass the draft to save its latest state at the same time, or its id to just mark it closed.
        """
        if isinstance(draft, Draft):
            self._write(replace(draft, updated_at=self._clock()), None)
            return
        self._background.flush()  # mark closed what the last autosave wrote
        current = self._read(self._path(draft))
        if current is None:
            raise DraftNotFoundError(draft)
        self._write(current[0], None)

    def shutdown(self) -> None:
        """The app is quitting cleanly: close every draft this session has open, release the lock."""
        self.flush()
        for path in self._draft_files():
            found = self._read(path)
            if found is not None and found[1] == self.session_id:
                self._write(found[0], None)
        self._lock.release()

    def load(self, draft_id: str) -> Draft:
        found = self._read(self._path(draft_id))
        if found is None:
            raise DraftNotFoundError(draft_id)
        return found[0]

    def drafts(self) -> list[Draft]:
        """Every readable draft, most recently edited first."""
        found = [self._read(path) for path in self._draft_files()]
        return sorted((item[0] for item in found if item), key=lambda draft: draft.updated_at, reverse=True)

    def recoverable(self) -> list[Draft]:
        """Drafts left open by a session that ended without closing them (a crash, a kill -9)."""
        recoverable: list[Draft] = []
        for path in self._draft_files():
            found = self._read(path)
            if found is None or found[1] is None or found[1] == self.session_id:
                continue
            if not self._session_alive(found[1]):
                recoverable.append(found[0])
        return sorted(recoverable, key=lambda draft: draft.updated_at, reverse=True)

    def restore(self, draft_id: str) -> Draft:
        """Take over a recoverable draft: it becomes open in this session."""
        draft = self.load(draft_id)
        self._write(draft, self.session_id)
        return draft

    def discard(self, draft_id: str) -> None:
        """Delete the draft (after a send, or when the user throws it away)."""
        path = self._path(draft_id)
        self._background.flush()  # a queued autosave must not bring it back
        try:
            path.unlink()
        except FileNotFoundError:
            raise DraftNotFoundError(draft_id) from None
        _fsync_directory(self.directory)

    def _draft_files(self) -> list[Path]:
        return [path for path in self.directory.glob("*.json") if not path.name.startswith(".")]

    def _session_alive(self, session_id: str) -> bool:
        if not all(char in "0123456789abcdef" for char in session_id):
            return False
        probe = _SessionLock(self._sessions / f"{session_id}.lock")
        if not probe.path.exists():
            return False
        if probe.acquire():
            probe.release()  # its owner is gone: clean up after it
            return False
        return True

    def _remove_stale_temp_files(self) -> None:
        cutoff = time.time() - 3600
        for path in self.directory.glob(".*.tmp"):
            with contextlib.suppress(OSError):
                if path.stat().st_mtime < cutoff:
                    path.unlink()
