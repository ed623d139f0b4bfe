from __future__ import annotations

import threading
from datetime import date

import pytest

from provlab.clock import FixedClock
from simulator.store import (
    ActivityGroup,
    UserExistsError,
    UserNotFoundError,
    UserRecord,
    UserStatus,
    UserStore,
    hash_password,
    verify_password,
)


def test_add_get_update_delete_keep_name_order_and_times():
    clock = FixedClock("2026-01-15T09:00:00+00:00")
    store = UserStore(clock=clock)
    store.add(UserRecord(username="ZED", last_name="Zed"))
    created = store.add(UserRecord(username="ALICE", last_name="Smith"))
    assert [u.username for u in store.users()] == ["ALICE", "ZED"]
    assert created.created_at == clock.now() == created.modified_at

    clock.advance(minutes=5)
    updated = store.update("ALICE", city="Berlin")
    assert updated.city == "Berlin" and updated.last_name == "Smith"
    assert updated.created_at < updated.modified_at == clock.now()

    with pytest.raises(UserExistsError):
        store.add(UserRecord(username="ALICE"))
    with pytest.raises(UserNotFoundError):
        store.update("NOBODY", city="x")
    assert store.delete("ALICE") is True
    assert store.delete("ALICE") is False
    assert store.count() == 1


def test_status_follows_lock_then_validity_against_today():
    today = date(2026, 1, 15)
    assert UserRecord(username="A").status(today) is UserStatus.ACTIVE
    assert UserRecord(username="A", valid_to=date(2026, 1, 15)).status(today) is UserStatus.ACTIVE
    assert UserRecord(username="A", valid_to=date(2026, 1, 14)).status(today) is UserStatus.EXPIRED
    assert UserRecord(username="A", valid_from=date(2026, 1, 16)).status(today) is UserStatus.NOT_YET_VALID
    assert UserRecord(username="A", locked=True, valid_to=date(2000, 1, 1)).status(today) is UserStatus.LOCKED


def test_sqlite_store_survives_a_restart(tmp_path):
    first = UserStore(state_dir=tmp_path)
    first.add(
        UserRecord(
            username="JDOE",
            last_name="Doe",
            valid_to=date(2026, 12, 31),
            activity_groups=(ActivityGroup("Z_ROLE", date(2026, 1, 1), None, "Role"),),
            extra={"ADDRESS.STREET": "Main St"},
            password_hash=hash_password("Secret123"),
        )
    )
    first.add(UserRecord(username="GONE"))
    first.delete("GONE")
    first.update("JDOE", locked=True)
    first.close()

    second = UserStore(state_dir=tmp_path)
    restored = second.get("JDOE")
    assert second.path == tmp_path / "simulator-users.sqlite3"
    assert [u.username for u in second.users()] == ["JDOE"]
    assert restored.locked is True and restored.valid_to == date(2026, 12, 31)
    assert restored.activity_groups == (ActivityGroup("Z_ROLE", date(2026, 1, 1), None, "Role"),)
    assert restored.extra == {"ADDRESS.STREET": "Main St"}
    assert verify_password("Secret123", restored.password_hash)
    second.clear()
    second.close()
    assert UserStore(state_dir=tmp_path).count() == 0


def test_passwords_are_stored_hashed():
    stored = hash_password("Init1234!")
    assert "Init1234!" not in stored
    assert verify_password("Init1234!", stored) and not verify_password("init1234!", stored)
    assert not verify_password("x", "garbage")


def test_concurrent_adds_lose_nothing():
    store = UserStore()

    def add_range(start: int) -> None:
        for i in range(start, start + 50):
            store.add(UserRecord(username=f"U{i:04d}"))

    threads = [threading.Thread(target=add_range, args=(n * 50,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert store.count() == 400
