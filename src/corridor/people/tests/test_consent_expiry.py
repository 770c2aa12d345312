"""Consent given until a date: in force through that day, lapsed after it. The scheduled job
records the lapse and ends the sharing grants resting on it, once."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import translation

from corridor.accounts.tests.factories import recruiter
from corridor.core.models import AuditAction, AuditEvent, JobOutcome, JobRun
from corridor.people import services
from corridor.people.consent import consent_in_force, may_process
from corridor.people.models import AccessGrant, ConsentPurpose, ConsentRecord
from corridor.people.tasks import lapse_consents
from corridor.people.tests.factories import actor, give_consent, share

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def days(n):
    return TODAY + datetime.timedelta(days=n)


def consent_until(user, worker, until, purpose=ConsentPurpose.MATCHING):
    return services.record_consent(
        actor=actor(user), worker=worker, purpose=purpose, is_given=True,
        method="signed_form", valid_until=until,
    )  # fmt: skip


@pytest.fixture
def shared(caseworker, worker):
    """W shared with a recruiter for a job application, on consent given until day 10."""
    agency = recruiter().active_memberships[0].organisation
    grant = share(caseworker, worker, agency)
    consent_until(caseworker, worker, days(10))
    return grant


def test_the_lapse_is_recorded_once_and_ends_the_grant(worker, shared):
    # A job has no reader: it writes in the deployment's language, English here.
    with translation.override("en"):
        first = lapse_consents.call(today=days(11).isoformat())
        again = lapse_consents.call(today=days(11).isoformat())

    assert first == {"consents_lapsed": 1, "grants_ended": 1}
    assert again == {"consents_lapsed": 0, "grants_ended": 0}
    newest = ConsentRecord.objects.filter(worker=worker, purpose="matching").latest("recorded_at")
    assert (newest.is_given, newest.method, newest.recorded_by) == (False, "signed_form", None)
    assert newest.note == f"Lapsed: consent was given until {days(10).isoformat()}."
    shared.refresh_from_db()
    assert shared.revoked_at is not None
    assert AccessGrant.objects.active().filter(worker=worker).count() == 0
    revoke = AuditEvent.objects.get(action=AuditAction.REVOKE)
    assert (revoke.channel, revoke.worker_id) == ("task", worker.pk)
    runs = JobRun.objects.filter(job="consent_expiry").order_by("id")
    assert [(r.outcome, r.counts) for r in runs] == [
        (JobOutcome.SUCCEEDED, first),
        (JobOutcome.SUCCEEDED, again),
    ]


def test_consent_holds_through_its_last_day(worker, shared):
    assert lapse_consents.call(today=days(10).isoformat()) == {
        "consents_lapsed": 0,
        "grants_ended": 0,
    }
    shared.refresh_from_db()
    assert shared.revoked_at is None


def test_the_end_date_alone_stops_processing_before_the_job_has_run(caseworker, worker):
    consent_until(caseworker, worker, days(1))
    assert may_process(worker, ConsentPurpose.MATCHING) is True

    with time_machine.travel(datetime.datetime.combine(days(2), datetime.time(9, 0))):
        assert may_process(worker, ConsentPurpose.MATCHING) is False
        assert consent_in_force(worker)["matching"] is False


def test_a_newer_statement_without_an_end_is_left_alone(caseworker, worker):
    consent_until(caseworker, worker, days(3))
    give_consent(caseworker, worker)

    assert lapse_consents.call(today=days(30).isoformat())["consents_lapsed"] == 0
    assert ConsentRecord.objects.filter(worker=worker).count() == 2


@pytest.mark.parametrize(("is_given", "until"), [(True, days(-1)), (False, days(5))])
def test_an_end_only_for_consent_given_and_not_in_the_past(caseworker, worker, is_given, until):
    with pytest.raises(ValidationError) as refused:
        services.record_consent(
            actor=actor(caseworker), worker=worker, purpose="matching", is_given=is_given,
            method="signed_form", valid_until=until,
        )  # fmt: skip

    assert "valid_until" in refused.value.message_dict
    assert ConsentRecord.objects.filter(worker=worker).count() == 0


def test_the_api_records_an_end_date_and_refuses_one_in_the_past(client, caseworker, worker):
    from corridor.people.tests.factories import bearer

    path = f"/api/v1/workers/{worker.pk}/consents"
    headers = bearer(caseworker)
    given = {"purpose": "matching", "given": True, "valid_until": days(90).isoformat()}

    answer = client.post(path, given, content_type="application/json", headers=headers)
    refused = client.post(
        path, {**given, "valid_until": days(-1).isoformat()}, content_type="application/json",
        headers=headers,
    )  # fmt: skip

    assert answer.status_code == 201
    assert answer.json()["valid_until"] == days(90).isoformat()
    assert ConsentRecord.objects.get(worker=worker).valid_until == days(90)
    assert refused.status_code == 422
    assert ConsentRecord.objects.filter(worker=worker).count() == 1
