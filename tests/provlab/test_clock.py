from datetime import UTC, date, datetime, timedelta

from provlab.clock import FixedClock, SystemClock


def test_fixed_clock_moves_only_when_told():
    clock = FixedClock("2026-03-01T08:00:00")
    assert clock.today() == date(2026, 3, 1)
    assert clock.now().tzinfo is not None
    clock.advance(days=1, hours=2)
    assert clock.now() == datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    clock.set(datetime(2027, 1, 1))
    assert clock.today() == date(2027, 1, 1)


def test_system_clock_is_utc_and_current():
    now = SystemClock().now()
    assert now.tzinfo is not None
    assert abs(datetime.now(UTC) - now) < timedelta(seconds=5)
