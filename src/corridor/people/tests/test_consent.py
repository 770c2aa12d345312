import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from corridor.core.models import AuditAction, AuditEvent
from corridor.people import services
from corridor.people.consent import consent_in_force, may_process
from corridor.people.models import ConsentPurpose, ConsentRecord
from corridor.people.tests.factories import actor, give_consent, snapshot

pytestmark = pytest.mark.django_db


def test_without_any_statement_nothing_may_be_done(worker):
    assert not may_process(worker, ConsentPurpose.MATCHING)
    assert consent_in_force(worker) == {purpose: False for purpose in ConsentPurpose}


def test_given_consent_allows_only_its_purpose(caseworker, worker):
    give_consent(caseworker, worker, ConsentPurpose.MATCHING)

    assert may_process(worker, ConsentPurpose.MATCHING)
    assert may_process(worker, "matching")
    assert not may_process(worker, ConsentPurpose.MESSAGES)


def test_withdrawn_after_given_means_no(caseworker, worker):
    give_consent(caseworker, worker, ConsentPurpose.MATCHING)
    give_consent(caseworker, worker, ConsentPurpose.MATCHING, is_given=False)

    assert not may_process(worker, ConsentPurpose.MATCHING)
    assert consent_in_force(worker)["matching"] is False


def test_newest_statement_wins_even_when_recorded_out_of_order(caseworker, worker):
    given = give_consent(caseworker, worker, ConsentPurpose.STATISTICS)
    withdrawn = give_consent(caseworker, worker, ConsentPurpose.STATISTICS, is_given=False)
    # The withdrawal is back-dated before the consent: the consent is the newest statement.
    ConsentRecord.objects.filter(pk=withdrawn.pk).update(
        recorded_at=given.recorded_at - datetime.timedelta(days=1)
    )

    assert may_process(worker, ConsentPurpose.STATISTICS)
    assert consent_in_force(worker)["statistics"] is True


def test_given_again_after_withdrawal_means_yes(caseworker, worker):
    for is_given in (True, False, True):
        give_consent(caseworker, worker, ConsentPurpose.MESSAGES, is_given=is_given)

    assert may_process(worker, ConsentPurpose.MESSAGES)


def test_consent_of_one_worker_does_not_count_for_another(caseworker, worker):
    from corridor.people.tests.factories import register

    other = register(caseworker, family_name="Karimov")
    give_consent(caseworker, other, ConsentPurpose.MATCHING)

    assert not may_process(worker, ConsentPurpose.MATCHING)


def test_record_consent_writes_who_how_timeline_and_audit(caseworker, worker):
    record = services.record_consent(
        actor=actor(caseworker),
        worker=worker,
        purpose="authority_sharing",
        is_given=True,
        method="verbal",
        note=" witnessed by N. ",
    )

    assert (record.recorded_by, record.method, record.note) == (
        caseworker,
        "verbal",
        "witnessed by N.",
    )
    assert record.recorded_at <= timezone.now()
    assert worker.timeline.filter(kind="consent").count() == 1
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(record.pk))
    assert event.worker_id == worker.pk
    assert event.changes == {
        "purpose": [None, "authority_sharing"],
        "given": [None, True],
        "method": [None, "verbal"],
    }


def test_unknown_purpose_or_method_is_refused_and_nothing_saved(caseworker, worker):
    before = snapshot(worker)

    with pytest.raises(ValidationError):
        services.record_consent(
            actor=actor(caseworker),
            worker=worker,
            purpose="marketing",
            is_given=True,
            method="verbal",
        )
    with pytest.raises(ValidationError):
        services.record_consent(
            actor=actor(caseworker),
            worker=worker,
            purpose="matching",
            is_given=True,
            method="telepathy",
        )

    assert snapshot(worker) == before


def test_caseworker_of_another_org_may_not_record_consent(worker, outsider):
    with pytest.raises(PermissionDenied):
        give_consent(outsider, worker)

    assert ConsentRecord.objects.count() == 0


def test_worker_records_their_own_consent_on_my_record(client, caseworker, worker):
    from corridor.accounts.roles import Role
    from corridor.accounts.tests.factories import member

    person = member(Role.WORKER, organisation=caseworker.active_memberships[0].organisation)
    worker.user = person
    worker.save()
    client.force_login(person)

    # The method is fixed by the page, whatever the browser sends.
    response = client.post(
        "/workers/me/", {"purpose": "messages", "is_given": "1", "method": "signed_form"}
    )

    assert response.status_code == 302
    record = ConsentRecord.objects.get()
    assert (record.purpose, record.is_given, record.method, record.recorded_by) == (
        "messages",
        True,
        "self_service",
        person,
    )
    assert may_process(worker, "messages")


def test_consent_page_records_and_shows_it(client, caseworker, worker):
    client.force_login(caseworker)

    response = client.post(
        f"/workers/{worker.pk}/consent/",
        {"purpose": "matching", "is_given": "1", "method": "signed_form"},
    )

    assert response.status_code == 302
    assert client.get(f"/workers/{worker.pk}/").context["consent"]["matching"] is True


def test_consent_page_with_bad_input_answers_422_and_saves_nothing(client, caseworker, worker):
    client.force_login(caseworker)

    response = client.post(f"/workers/{worker.pk}/consent/", {"purpose": "marketing"})

    assert response.status_code == 422
    assert ConsentRecord.objects.count() == 0


def test_my_record_with_bad_input_answers_422_and_saves_nothing(client, caseworker, worker):
    from corridor.accounts.roles import Role
    from corridor.accounts.tests.factories import member

    person = member(Role.WORKER, organisation=caseworker.active_memberships[0].organisation)
    worker.user = person
    worker.save()
    client.force_login(person)

    response = client.post("/workers/me/", {"purpose": "everything", "is_given": "1"})

    assert response.status_code == 422
    assert ConsentRecord.objects.count() == 0
