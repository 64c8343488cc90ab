"""Which 4xx answers end a send (issue 18, item 4): only OneSignal's own refusals are definite.

A proxy or gateway between the console and OneSignal can answer a 4xx of its own after it forwarded the
request (a 408 after its timer ran out, an HTML error page, a 4xx with an empty or foreign body), so the
notification may exist. Such a send must stay "possibly sent" and be resent with the same idempotency key
(OneSignal replays it: one notification); only a 4xx in OneSignal's error shape lets the next attempt
start over with a fresh key. Played over real loopback HTTP: the "proxy" forwards each send to the
sandbox, which creates the notification, then swaps the answer for its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from faults_support import FakeSleep, fake_retry

from onesignal_desktop.api import OneSignalClient
from onesignal_desktop.api.errors import is_definite_refusal
from onesignal_desktop.bridge import Bridge
from onesignal_desktop.compose.journal import SendJournal
from onesignal_desktop.sandbox import Sandbox
from onesignal_desktop.ui.notifications.composer.send import SendController, SendOutcome

_HTML_408 = b"<html><head><title>408 Request Timeout</title></head><body><h1>408</h1></body></html>"
#: (status, body, content type) a proxy answers after it forwarded the request.
PROXY_ANSWERS = {
    "proxy-408-html": (408, _HTML_408, "text/html"),
    "proxy-408-onesignal-shaped": (408, b'{"errors": ["Request Timeout"]}', "application/json"),
    "proxy-400-empty": (400, b"", "text/plain"),
    "proxy-403-own-json": (403, b'{"message": "Forbidden by the corporate proxy"}', "application/json"),
    "proxy-404-html": (404, b"<html><body>Not Found</body></html>", "text/html"),
}


class AnswerSwappingProxy(httpx.BaseTransport):
    """Forwards every request to the sandbox; for the next ``swaps`` sends, replaces the answer."""

    def __init__(self) -> None:
        self._inner = httpx.HTTPTransport()
        self.swaps: list[tuple[int, bytes, str]] = []
        self.forwarded_sends = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self._inner.handle_request(request)
        if request.method != "POST" or request.url.path != "/notifications":
            return response
        response.read()
        response.close()
        self.forwarded_sends += 1
        if not self.swaps:
            return httpx.Response(
                response.status_code, headers=response.headers, content=response.content, request=request
            )
        status, body, content_type = self.swaps.pop(0)
        return httpx.Response(status, content=body, headers={"Content-Type": content_type}, request=request)

    def close(self) -> None:
        self._inner.close()


@pytest.fixture
def proxy() -> Iterator[AnswerSwappingProxy]:
    transport = AnswerSwappingProxy()
    yield transport
    transport.close()


@pytest.fixture
def through_proxy(sandbox: Sandbox, proxy: AnswerSwappingProxy) -> Iterator[OneSignalClient]:
    with OneSignalClient(
        sandbox.base_url,
        organization_key=sandbox.org_key,
        app_keys=sandbox.app_key,
        retry=fake_retry(FakeSleep(), max_attempts=1),
        transport=proxy,
    ) as client:
        yield client


def _app(setup_client: OneSignalClient) -> str:
    app = setup_client.create_app({"name": "Refusals"})
    assert app.id
    setup_client.create_player({"app_id": app.id, "device_type": 1, "identifier": "refusal-token"})
    return str(app.id)


def _body(app_id: str, **extra: Any) -> dict[str, Any]:
    return {"app_id": app_id, "contents": {"en": "Through a proxy"}, "included_segments": ["All"], **extra}


def _send(qtbot: Any, controller: SendController, send_id: str, body: Any, client: Any) -> SendOutcome:
    with qtbot.waitSignal(controller.finished, timeout=15_000) as blocker:
        assert controller.send(send_id, body, client)
    outcome: SendOutcome = blocker.args[0]
    return outcome


def _resend(qtbot: Any, controller: SendController, send_id: str, client: Any) -> SendOutcome:
    with qtbot.waitSignal(controller.finished, timeout=15_000) as blocker:
        assert controller.resend(send_id, client)
    outcome: SendOutcome = blocker.args[0]
    return outcome


@pytest.mark.parametrize("answer", sorted(PROXY_ANSWERS))
def test_a_proxy_4xx_after_forwarding_keeps_the_send_possibly_sent_and_resends_it_once(
    qtbot: Any,
    tmp_path: Path,
    sandbox: Sandbox,
    setup_client: OneSignalClient,
    through_proxy: OneSignalClient,
    proxy: AnswerSwappingProxy,
    answer: str,
) -> None:
    app_id = _app(setup_client)
    proxy.swaps = [PROXY_ANSWERS[answer]]
    with SendJournal.in_directory(tmp_path) as journal:
        controller = SendController(journal, Bridge())
        first = _send(qtbot, controller, "draft-1", _body(app_id), through_proxy)
        assert first.kind == "no_answer", first
        assert first.entry.possibly_sent
        assert [entry.send_id for entry in journal.pending()] == ["draft-1"]

        again = _resend(qtbot, controller, "draft-1", through_proxy)
        assert again.kind == "answered" and again.answer is not None and again.answer.outcome == "sent"
        assert again.entry.idempotency_key == first.entry.idempotency_key
    assert proxy.forwarded_sends == 2
    sent = setup_client.get_notifications(app_id, limit=50).notifications or []
    assert len(sent) == 1, "the resend after a proxy's 4xx made a second notification"


def test_onesignal_s_own_refusal_is_definite_and_the_next_send_gets_a_fresh_key(
    qtbot: Any,
    tmp_path: Path,
    setup_client: OneSignalClient,
    through_proxy: OneSignalClient,
) -> None:
    app_id = _app(setup_client)
    with SendJournal.in_directory(tmp_path) as journal:
        controller = SendController(journal, Bridge())
        refused = _send(qtbot, controller, "draft-2", _body(app_id, contents={}), through_proxy)
        assert refused.kind == "answered" and refused.answer is not None
        assert refused.answer.outcome == "failed" and refused.answer.status == 400
        assert journal.pending() == []

        fixed = _send(qtbot, controller, "draft-2", _body(app_id), through_proxy)
        assert fixed.answer is not None and fixed.answer.outcome == "sent"
        assert fixed.entry.idempotency_key != refused.entry.idempotency_key


def test_only_onesignal_shaped_4xx_answers_count_as_refusals(
    setup_client: OneSignalClient, through_proxy: OneSignalClient, proxy: AnswerSwappingProxy
) -> None:
    app_id = _app(setup_client)
    with pytest.raises(Exception) as refused:
        through_proxy.create_notification(_body(app_id, contents={}))
    assert is_definite_refusal(refused.value)
    for name in sorted(PROXY_ANSWERS):
        proxy.swaps = [PROXY_ANSWERS[name]]
        with pytest.raises(Exception) as swapped:
            through_proxy.create_notification(_body(app_id))
        assert not is_definite_refusal(swapped.value), name
