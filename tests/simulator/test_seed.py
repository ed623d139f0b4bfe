from __future__ import annotations

from datetime import date

from simulator.sap.bapi import username_errors
from simulator.seed import ascii_upper, generate_users

TODAY = date(2026, 1, 15)


def test_same_seed_same_users_and_another_seed_differs():
    assert generate_users(40, seed=42, today=TODAY) == generate_users(40, seed=42, today=TODAY)
    assert generate_users(40, seed=7, today=TODAY) != generate_users(40, seed=42, today=TODAY)


def test_seeded_users_are_sap_valid_unique_and_realistic():
    users = generate_users(300, seed=42, today=TODAY)
    names = [u.username for u in users]
    assert len(set(names)) == len(names)
    assert all(username_errors(name) == [] for name in names)
    assert all(u.first_name and u.last_name and "@" in u.email for u in users)
    assert all(len(u.company) <= 42 and len(u.job_title) <= 40 for u in users)


def test_some_seeded_users_are_expired_or_locked():
    users = generate_users(300, seed=42, today=TODAY)
    assert any(u.valid_to and u.valid_to < TODAY for u in users)
    assert any(u.locked for u in users)
    assert any(u.valid_to is None for u in users)


def test_transliteration_to_sap_letters():
    assert ascii_upper("Jürgen Groß-Öztürk") == "JURGENGROSSOZTURK"


def test_seeded_validity_is_one_sap_accepts_for_every_seed():
    """SAP refuses a validTo before validFrom (297): every seeded period must be consistent."""
    expired = 0
    for seed in range(40):
        for user in generate_users(60, seed=seed, today=TODAY):
            assert user.valid_from < TODAY, (seed, user.username)
            if user.valid_to is not None:
                assert user.valid_from < user.valid_to, (seed, user.username, user.valid_from, user.valid_to)
            if user.valid_to is not None and user.valid_to < TODAY:
                expired += 1
    assert expired > 40  # the expired users are still there, now with a period that began before it ended
