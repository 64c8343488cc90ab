"""Rate budget: token buckets per app and class, waits reported, configurable, off for the sandbox."""

from __future__ import annotations

import threading

from api_support import APP_ID, FakeServer, FakeSleep, MakeClient

from onesignal_desktop.api import BudgetWait, EndpointClass, Limit, OneSignalClient, RateBudget

NID = "b98881cc-1e94-4366-bbd9-db8f3429292b"


def _budget(fake: FakeSleep, **kwargs: object) -> tuple[RateBudget, list[BudgetWait]]:
    waits: list[BudgetWait] = []
    budget = RateBudget(clock=fake.clock, sleep=fake, on_wait=waits.append, **kwargs)  # type: ignore[arg-type]
    return budget, waits


def test_a_burst_passes_then_calls_wait_for_tokens_and_the_wait_is_reported(fake_sleep: FakeSleep) -> None:
    budget, waits = _budget(fake_sleep, limits={EndpointClass.VIEW: Limit(rate=1.0, burst=3)})
    for _ in range(3):
        assert budget.acquire(APP_ID, EndpointClass.VIEW) == 0.0
    assert budget.acquire(APP_ID, EndpointClass.VIEW) == 1.0
    assert waits == [BudgetWait(APP_ID, EndpointClass.VIEW, 1.0)]
    assert fake_sleep.calls == [1.0]
    fake_sleep.now += 10  # idle time refills up to the burst, no further
    for _ in range(3):
        assert budget.acquire(APP_ID, EndpointClass.VIEW) == 0.0
    assert budget.acquire(APP_ID, EndpointClass.VIEW) == 1.0


def test_apps_and_classes_have_separate_buckets(fake_sleep: FakeSleep) -> None:
    budget, waits = _budget(
        fake_sleep,
        limits={EndpointClass.VIEW: Limit(1.0, 1), EndpointClass.VIEW_TEMPLATES: Limit(1.0, 1)},
    )
    budget.acquire("app-1", EndpointClass.VIEW)
    budget.acquire("app-2", EndpointClass.VIEW)
    budget.acquire("app-1", EndpointClass.VIEW_TEMPLATES)
    assert waits == []


def test_per_record_limit_applies_to_one_user_only(fake_sleep: FakeSleep) -> None:
    budget, waits = _budget(fake_sleep)
    budget.acquire(APP_ID, EndpointClass.USERS, "external_id:u1")
    budget.acquire(APP_ID, EndpointClass.USERS, "external_id:u2")
    assert waits == []
    budget.acquire(APP_ID, EndpointClass.USERS, "external_id:u1")
    assert [wait.seconds for wait in waits] == [1.0]


def test_unclassified_operations_and_a_disabled_budget_never_wait(fake_sleep: FakeSleep) -> None:
    budget, waits = _budget(fake_sleep, enabled=False)
    for _ in range(100):
        budget.acquire(APP_ID, EndpointClass.VIEW)
    on, on_waits = _budget(fake_sleep)
    for _ in range(100):
        on.acquire(APP_ID, None)
    assert waits == on_waits == [] and fake_sleep.calls == []


def test_concurrent_callers_queue_fairly(fake_sleep: FakeSleep) -> None:
    budget, waits = _budget(fake_sleep, limits={EndpointClass.VIEW: Limit(rate=2.0, burst=1)})
    fake_sleep.now = 0.0
    frozen = fake_sleep.now

    def clock() -> float:
        return frozen

    budget._clock = clock  # all threads arrive at the same instant
    budget.sleep = lambda seconds: None
    threads = [threading.Thread(target=budget.acquire, args=(APP_ID, EndpointClass.VIEW)) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(wait.seconds for wait in waits) == [0.5, 1.0, 1.5, 2.0]


def test_client_budget_is_on_for_onesignal_and_off_for_loopback() -> None:
    with OneSignalClient() as remote, OneSignalClient("http://127.0.0.1:8080") as local:
        assert remote.rate_budget.enabled
        assert not local.rate_budget.enabled
    with OneSignalClient("http://localhost:1", rate_budget=True) as forced:
        assert forced.rate_budget.enabled


def test_the_client_waits_for_budget_before_sending_and_tells_the_caller(
    make_client: MakeClient, server: FakeServer, fake_sleep: FakeSleep
) -> None:
    waits: list[BudgetWait] = []
    budget = RateBudget({EndpointClass.VIEW: Limit(1.0, 2)}, clock=fake_sleep.clock, sleep=fake_sleep)
    client = make_client(rate_budget=budget, on_budget_wait=waits.append)
    for _ in range(3):
        server.reply(200, {"id": NID})
        client.get_notification(APP_ID, NID)
    assert len(server.requests) == 3
    assert waits == [BudgetWait(APP_ID, EndpointClass.VIEW, 1.0)]


def test_a_429_empties_the_bucket_so_other_callers_wait_too(fake_sleep: FakeSleep) -> None:
    budget, waits = _budget(fake_sleep, limits={EndpointClass.VIEW: Limit(rate=1.0, burst=10)})
    budget.penalise(APP_ID, EndpointClass.VIEW, 5.0)
    budget.acquire(APP_ID, EndpointClass.VIEW)
    assert [wait.seconds for wait in waits] == [6.0]
    budget.penalise("other-app", None, 5.0)  # unclassified: nothing to do
