"""Escrow, retries, quarantine and the accidental-deletion threshold."""

from harness.provisioning import ENTRA_BACKOFF, EscrowPolicy, QuarantinePolicy
from harness.scim_client import ScimClient
from provlab.transport import wsgi_session
from tests.harness.provisioning.conftest import BASE, EXPIRATION, TENANT


def test_six_disables_over_a_threshold_of_five_are_staged_and_quarantine(make_engine, fake, directory):
    engine = make_engine(deletion_threshold=5)
    engine.run_cycle()
    users = list(directory)[:6]
    for user in users:
        directory.disable(user.id)
    report = engine.run_cycle()
    assert fake.calls("PATCH") == []
    assert report.count("stagedDelete", "skipped") == 6
    assert report.status == "quarantined"
    assert engine.state.quarantine.reason == "TooManyDeletes"
    before = len(fake.requests)
    assert engine.run_cycle().status == "quarantined"
    assert len(fake.requests) == before, "a quarantined job sends nothing"
    engine.allow_deletes()
    report = engine.run_cycle()
    assert report.count("disable") == 6
    assert {r.body["Operations"][0]["value"] for r in fake.calls("PATCH")} == {"1990-01-01"}
    assert engine.state.quarantine is None and engine.state.staged == []


def test_five_disables_within_the_threshold_go_through(make_engine, fake, directory):
    engine = make_engine(deletion_threshold=5)
    engine.run_cycle()
    for user in list(directory)[:5]:
        directory.disable(user.id)
    assert engine.run_cycle().count("disable") == 5


def test_failed_users_are_escrowed_and_retried_once_the_target_recovers(engine, fake, directory):
    fake.fail_writes = 503
    report = engine.run_cycle()
    assert report.count("create", "failure") == 10
    error = report.records[0]["provisioningStatusInfo"]["errorInformation"]
    assert error["errorCode"] == "SystemForCrossDomainIdentityManagementServiceUnavailable"
    assert "This operation was retried 0 times. It will be retried again after this date:" in error["reason"]
    assert "target unreachable" in error["reason"]
    assert len(engine.state.escrow) == 10
    again = engine.run_cycle()
    assert "retried 1 times" in again.records[0]["provisioningStatusInfo"]["errorInformation"]["reason"]
    fake.fail_writes = None
    recovered = engine.run_cycle()  # the directory did not change: escrow alone brings them back
    assert recovered.count("create") == 10
    assert engine.state.escrow == {} and len(fake.users) == 10


def test_entras_backoff_schedule_waits_before_retrying(make_engine, fake, clock):
    engine = make_engine(escrow=EscrowPolicy(backoff=ENTRA_BACKOFF))
    fake.fail_writes = 500
    engine.run_cycle()
    fake.fail_writes = None
    assert engine.run_cycle().records == [], "not due before 6 hours"
    clock.advance(hours=6)
    assert engine.run_cycle().count("create") == 10


def test_escrow_gives_up_after_28_days(make_engine, fake, clock):
    engine = make_engine()
    fake.fail_writes = 500
    engine.run_cycle()
    clock.advance(days=29)
    fake.fail_writes = None
    assert engine.run_cycle().records == []
    assert engine.state.escrow == {}


def test_quarantine_past_the_escrow_thresholds_then_lifted_by_a_healthy_cycle(make_engine, fake, clock):
    engine = make_engine(quarantine=QuarantinePolicy(min_failures=3, max_failure_ratio=0.4, max_failures=100))
    fake.fail_writes = 503
    report = engine.run_cycle()
    assert report.status == "quarantined"
    assert engine.state.quarantine.reason == "EncounteredEscrowProportionThreshold"
    fake.fail_writes = None
    before = len(fake.requests)
    assert engine.run_cycle().status == "quarantined" and len(fake.requests) == before
    clock.advance(days=1)
    report = engine.run_cycle()
    assert report.status == "completed" and report.count("create") == 10
    assert engine.state.quarantine is None


def test_absolute_cap_quarantines_regardless_of_proportion():
    policy = QuarantinePolicy(min_failures=5, max_failure_ratio=0.4, max_failures=40, absolute_cap=6)
    assert policy.reason(4, 5) is None  # below the minimum
    assert policy.reason(5, 100) is None  # 5 % of objects
    assert policy.reason(5, 10) == "EncounteredEscrowProportionThreshold"
    assert policy.reason(7, 1000) == "EncounteredTotalEscrowThreshold"


def test_rejected_credentials_fail_the_probe_and_quarantine(engine, fake, clock):
    engine.client = ScimClient(TENANT, "a-wrong-secret-1234", session=wsgi_session(BASE, fake))
    report = engine.run_cycle()
    assert report.status == "failed"
    (record,) = report.records
    code = record["provisioningStatusInfo"]["errorInformation"]["errorCode"]
    assert code == "SystemForCrossDomainIdentityManagementCredentialValidationFailure"
    assert engine.state.quarantine.reason == "EncounteredQuarantineException"
    assert len(fake.requests) == 1 and engine.state.watermark is None


def test_target_refusal_reaches_the_log_with_the_targets_message(engine, fake, directory):
    user = next(iter(directory))
    name = user.local_part.upper()
    fake.refuse[name] = (400, f"User name {name}X is longer than 12 characters (SAP message 01/290)")
    report = engine.run_cycle()
    failed = [r for r in report.records if r["provisioningStatusInfo"]["status"] == "failure"]
    assert len(failed) == 1
    error = failed[0]["provisioningStatusInfo"]["errorInformation"]
    assert error["errorCode"] == "SystemForCrossDomainIdentityManagementBadRequest"
    assert error["errorCategory"] == "nonServiceFailure"
    assert "longer than 12 characters" in error["reason"]
    export = failed[0]["provisioningSteps"][-1]
    assert export["provisioningStepType"] == "export" and export["status"] == "failure"


def test_a_broken_mapping_fails_one_user_not_the_cycle(make_engine, directory):
    from dataclasses import replace

    from tests.harness.provisioning.conftest import SAP_RULES, sap_evaluate

    victim = next(iter(directory)).userPrincipalName

    def evaluate(attributes, is_new, current, changed):
        if attributes["userPrincipalName"] == victim:
            raise ValueError("Switch needs pairs of keys and values")
        return sap_evaluate(attributes, is_new, current, changed)

    engine = make_engine(rules=replace(SAP_RULES, evaluate=evaluate))
    report = engine.run_cycle()
    assert report.count("create") == 9
    (failure,) = [r for r in report.records if r["provisioningStatusInfo"]["status"] == "failure"]
    assert (
        failure["provisioningStatusInfo"]["errorInformation"]["errorCode"]
        == "AttributeMappingEvaluationFailed"
    )


def test_target_side_deletion_is_recreated(engine, fake, directory):
    engine.run_cycle()
    user = next(iter(directory))
    del fake.users[user.local_part.upper()]
    directory.update(user.id, city="Walldorf")
    assert engine.run_cycle().count("create") == 1
    assert fake.users[user.local_part.upper()][EXPIRATION.rsplit(":", 1)[-1]] == "9999-12-31"


def test_parallel_workers_reach_the_same_state_as_one(make_engine, fake, directory):
    serial = make_engine(workers=1)
    serial.run_cycle()
    links_serial = {k: v.target_id for k, v in serial.state.links.items()}
    fake.users.clear()
    parallel = make_engine(workers=8)
    parallel.run_cycle()
    assert {k: v.target_id for k, v in parallel.state.links.items()} == links_serial


def test_a_failed_disable_is_logged_as_a_disable_and_retried(engine, fake, directory):
    engine.run_cycle()
    user = next(iter(directory))
    directory.disable(user.id)
    fake.fail_writes = 503
    failed = engine.run_cycle()
    assert failed.count("disable", "failure") == 1
    fake.fail_writes = None
    assert engine.run_cycle().count("disable") == 1
    assert fake.users[user.local_part.upper()]["expirationTime"] == "1990-01-01"
