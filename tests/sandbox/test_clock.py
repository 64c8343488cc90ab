from __future__ import annotations

import time

from onesignal_desktop.sandbox.clock import SandboxClock


class FakeTime:
    def __init__(self, value: float) -> None:
        self.value = value

    def __call__(self) -> float:
        return self.value


def test_running_clock_follows_real_time() -> None:
    clock = SandboxClock()
    assert abs(clock.now() - time.time()) < 1.0
    assert not clock.frozen


def test_frozen_clock_stands_still_until_advanced() -> None:
    source = FakeTime(1000.0)
    clock = SandboxClock(source=source)
    clock.freeze()
    source.value = 2000.0
    assert clock.now() == 1000.0
    assert clock.advance(5) == 1005.0
    assert clock.now() == 1005.0


def test_advance_on_running_clock_shifts_it_and_it_keeps_running() -> None:
    source = FakeTime(1000.0)
    clock = SandboxClock(source=source)
    clock.advance(60)
    assert clock.now() == 1060.0
    source.value = 1010.0
    assert clock.now() == 1070.0


def test_set_jumps_and_freeze_state_is_kept() -> None:
    source = FakeTime(1000.0)
    clock = SandboxClock(source=source)
    clock.set(5000.0)
    assert clock.now() == 5000.0
    source.value = 1001.0
    assert clock.now() == 5001.0
    clock.freeze()
    clock.set(42.0)
    source.value = 9999.0
    assert clock.now() == 42.0


def test_unfreeze_resumes_from_frozen_time() -> None:
    source = FakeTime(1000.0)
    clock = SandboxClock(start=1_700_000_000.0, frozen=True, source=source)
    assert clock.now() == 1_700_000_000.0
    source.value = 1100.0
    clock.unfreeze()
    source.value = 1110.0
    assert clock.now() == 1_700_000_010.0
