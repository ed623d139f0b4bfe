import json
import re

import pytest

from harness.directory import (
    InvalidUserError,
    StateFileError,
    UnknownUserError,
    UserFileError,
    is_soft_deleted,
    load_directory,
    load_users,
    save_directory,
    seed_users,
    source_attributes,
)


def test_seeded_users_are_deterministic_and_sap_valid_by_default():
    first, again = seed_users(300, seed=3), seed_users(300, seed=3)
    assert [u.to_dict() for u in first] == [u.to_dict() for u in again]
    locals_ = [u.local_part.upper() for u in first]
    assert len(set(locals_)) == 300, "user names must be unique"
    assert all(re.fullmatch(r"[A-Z0-9]{1,12}", name) for name in locals_)
    assert seed_users(3, seed=4)[0].userPrincipalName != first[0].userPrincipalName


def test_seeding_without_sap_rules_gives_dotted_names():
    users = seed_users(20, seed=1, sap_valid=False, domain="fabrikam.com")
    assert all("." in u.local_part and u.userPrincipalName.endswith("@fabrikam.com") for u in users)


def test_is_soft_deleted_follows_the_documented_rules(directory):
    user = next(iter(directory))
    assert is_soft_deleted(user) is False
    assert is_soft_deleted(user, in_scope=False) is True  # fails a scoping filter
    directory.unassign(user.id)
    assert is_soft_deleted(user) is True
    assert is_soft_deleted(user, sync_all=True) is False  # "sync all" ignores assignment
    directory.assign(user.id)
    directory.disable(user.id)
    assert is_soft_deleted(user) is True
    directory.enable(user.id)
    directory.soft_delete(user.id)
    assert is_soft_deleted(user) is True
    directory.restore(user.id)
    assert is_soft_deleted(user) is False


def test_source_attributes_carry_entra_names_and_string_booleans(directory):
    user = next(iter(directory))
    directory.update(user.id, department=None)
    attributes = source_attributes(user, soft_deleted=True)
    assert attributes["userPrincipalName"] == user.userPrincipalName
    assert attributes["objectId"] == user.id
    assert attributes["IsSoftDeleted"] == "True"
    assert attributes["accountEnabled"] == "True"
    assert "department" not in attributes, "null attributes are absent"


def test_events_advance_the_watermark_and_delta_returns_changed_users(directory):
    mark = directory.sequence
    assert directory.changed_since(mark) == []
    users = list(directory)
    directory.update(users[1].userPrincipalName.upper(), city="Walldorf")  # UPN lookup is case-insensitive
    directory.disable(users[3].id)
    assert {u.id for u in directory.changed_since(mark)} == {users[1].id, users[3].id}
    assert len(directory.changed_since(None)) == 5
    assert users[1].city == "Walldorf"


def test_hard_delete_keeps_a_tombstone_that_cannot_change_or_restore(directory):
    user = next(iter(directory))
    mark = directory.sequence
    directory.hard_delete(user.id)
    assert directory.changed_since(mark) == [user]
    assert user.hard_deleted and is_soft_deleted(user)
    with pytest.raises(InvalidUserError, match="hard-deleted"):
        directory.restore(user.id)
    with pytest.raises(InvalidUserError, match="hard-deleted"):
        directory.update(user.id, city="X")


def test_bad_events_name_the_problem(directory):
    with pytest.raises(UnknownUserError, match="nobody@contoso.com"):
        directory.get("nobody@contoso.com")
    user = next(iter(directory))
    with pytest.raises(InvalidUserError, match="updatable attributes"):
        directory.update(user.id, favouriteColour="blue")
    with pytest.raises(InvalidUserError, match="localpart@domain"):
        directory.update(user.id, userPrincipalName="no-at-sign")
    with pytest.raises(InvalidUserError, match="already taken"):
        directory.new_user(user.userPrincipalName.upper())
    with pytest.raises(ValueError, match="unknown event"):
        directory.apply("explode", user.id)


def test_apply_runs_named_events(directory):
    user = next(iter(directory))
    directory.apply("soft-delete", user.id)
    assert user.soft_deleted
    directory.apply("update", user.id, jobTitle="CFO")
    assert user.jobTitle == "CFO"


def test_state_round_trips_through_the_state_dir(tmp_path, directory):
    directory.disable(next(iter(directory)).id)
    save_directory(directory, tmp_path)
    loaded = load_directory(tmp_path)
    assert loaded.sequence == directory.sequence
    assert [u.to_dict() for u in loaded] == [u.to_dict() for u in directory]
    assert len(load_directory(tmp_path / "empty")) == 0


def test_corrupt_state_file_is_reported_with_the_fix(tmp_path):
    (tmp_path / "directory.json").write_text("{not json")
    with pytest.raises(StateFileError, match="delete the file"):
        load_directory(tmp_path)


def test_users_load_from_json_and_csv(tmp_path):
    json_file = tmp_path / "users.json"
    json_file.write_text(
        json.dumps(
            {"users": [{"userPrincipalName": "ada@contoso.com", "surname": "Lovelace", "assigned": "no"}]}
        )
    )
    csv_file = tmp_path / "users.csv"
    csv_file.write_text(
        "userPrincipalName,givenName,accountEnabled,costCenter\nbob@contoso.com,Bob,false,4711\n"
    )
    (ada,) = load_users(json_file)
    (bob,) = load_users(csv_file)
    assert ada.surname == "Lovelace" and ada.assigned is False and ada.id
    assert load_users(json_file)[0].id == ada.id, "derived ids are stable"
    assert bob.givenName == "Bob" and bob.accountEnabled is False
    assert source_attributes(bob, soft_deleted=False)["costCenter"] == "4711"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("u.json", "[{", r"u.json:1: invalid JSON"),
        ("u.json", '[{"givenName": "x"}]', r"u.json:users\[0\]: userPrincipalName is missing"),
        ("u.json", '{"people": []}', r"expected a list of users"),
        (
            "u.csv",
            "userPrincipalName,accountEnabled\na@b.c,maybe\n",
            r"u.csv:line 2: accountEnabled is 'maybe'",
        ),
        ("u.csv", "userPrincipalName\na@b.c\nA@B.C\n", r"u.csv:line 3: duplicate user"),
        ("u.csv", "userPrincipalName\nnot-a-upn\n", r"localpart@domain"),
        ("u.txt", "", r"use .json or .csv"),
    ],
)
def test_bad_user_files_name_file_row_and_fix(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(UserFileError, match=message):
        load_users(path)


def test_missing_users_file(tmp_path):
    with pytest.raises(UserFileError, match="no such users file"):
        load_users(tmp_path / "absent.json")


def test_import_users_creates_new_updates_changed_and_ignores_unchanged(directory):
    users = seed_users(5, seed=7)  # the same users the fixture holds
    mark = directory.sequence
    assert directory.import_users(users) == (0, 0)
    assert directory.sequence == mark, "re-importing the same users fires no event"
    users[0].city = "Walldorf"
    more = seed_users(7, seed=7)[5:]
    assert directory.import_users([users[0], *more]) == (2, 1)
    assert directory.get(users[0].id).city == "Walldorf"
    assert len(directory) == 7


def test_delta_reports_which_attributes_changed(directory):
    user = next(iter(directory))
    mark = directory.sequence
    assert directory.attributes_changed_since(user, None) is None, "a full sync does not know"
    directory.update(user.id, city="Walldorf", jobTitle="CFO")
    assert directory.attributes_changed_since(user, mark) == {"city", "jobTitle"}
    directory.unassign(user.id)
    assert directory.attributes_changed_since(user, mark) == {"city", "jobTitle", "IsSoftDeleted"}
