"""StopSignals turns SIGTERM and SIGINT into one clean stop request, and restores the handlers."""

from __future__ import annotations

import os
import signal

import pytest

from provlab.signals import StopRequested, StopSignals


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_outside_the_story_is_recorded_and_ends_the_wait(signum):
    before = signal.getsignal(signum)
    with StopSignals() as stop:
        os.kill(os.getpid(), signum)  # delivered to the main thread before the next bytecode
        assert stop.wait() is signum
        assert stop.exit_code == 128 + int(signum)
    assert signal.getsignal(signum) is before


def test_a_signal_during_the_story_interrupts_it_once():
    with StopSignals() as stop:
        with pytest.raises(StopRequested), stop.interruptible():
            os.kill(os.getpid(), signal.SIGTERM)
        os.kill(os.getpid(), signal.SIGINT)  # a second signal while cleaning up changes nothing
        assert stop.received is signal.SIGTERM and stop.exit_code == 143
        with pytest.raises(StopRequested), stop.interruptible():
            pass  # once asked to stop, no new interruptible work starts
