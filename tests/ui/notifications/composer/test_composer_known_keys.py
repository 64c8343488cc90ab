"""A key the console knows, pasted into a notification, is said next to its field and never saved, whatever
its shape (issue 18, item 6): legacy REST keys and pasted keys have no os_v2_ shape to recognise."""

from __future__ import annotations

from onesignal_desktop.keystore import KeyRef

from .composer_steps import type_push
from .conftest import ComposerEnv

LEGACY_KEY = "NGEwMGZmMjItY2NkNy0xMWUzLTk5ZDUtMDAwYzI5NDBlNjJj"


def test_a_known_legacy_key_typed_into_the_message_is_refused_and_not_saved(qtbot, env: ComposerEnv) -> None:
    env.console.context.keystore.remember(KeyRef.app("legacy-profile", env.app_id), LEGACY_KEY)
    composer = env.open(qtbot)
    type_push(qtbot, composer, "Hello", f"Use {LEGACY_KEY} to log in")
    composer.save_draft()

    problems = [problem for problem in composer.validate() if "API key" in problem.message]
    assert [problem.field for problem in problems] == ["contents.en"]
    saved = [path.read_text() for path in (env.data_dir / "drafts").glob("*.json")]
    assert not any(LEGACY_KEY in text for text in saved)
    assert composer.content.languages.pages["en"].message.toPlainText() == f"Use {LEGACY_KEY} to log in"
