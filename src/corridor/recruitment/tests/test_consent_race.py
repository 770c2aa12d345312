"""A consent change and the matching that rests on it: no stale eligibility, no collisions."""

import threading

import pytest
from django.db import connection
from django.test import Client

from corridor.accounts.tests.factories import member
from corridor.people.consent import may_process
from corridor.people.models import ConsentPurpose
from corridor.people.tests.factories import actor, bearer, give_consent
from corridor.recruitment import matching, pipeline
from corridor.recruitment.features import refresh_features, refresh_stale
from corridor.recruitment.models import MatchFeatures, MatchOccupation
from corridor.recruitment.tests.factories import employer_user, job_ready_worker, vacancy

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 10
ROUNDS = 13


def matched(job, worker):
    return worker.pk in [s.worker_id for s in matching.workers_for_vacancy(job)]


def test_a_withdrawn_consent_counts_even_when_the_features_are_stale():
    caseworker, employer = member(), employer_user()
    worker = job_ready_worker(caseworker)
    job = vacancy(employer)
    give_consent(caseworker, worker, is_given=False)
    # What a refresh that read the consent before the withdrawal, and wrote after it, leaves.
    MatchFeatures.objects.filter(worker=worker).update(eligible=True)
    MatchOccupation.objects.filter(worker=worker).update(eligible=True)

    assert not matched(job, worker)
    assert matching.vacancies_for_worker(worker) == []
    with pytest.raises(Exception, match="consented"):
        pipeline.create_application(actor=actor(caseworker), worker=worker, vacancy=job)


def test_refreshing_twice_is_one_row_with_the_same_answer():
    caseworker = member()
    worker = job_ready_worker(caseworker)

    assert refresh_features([worker.pk, worker.pk]) == 1
    assert refresh_features([worker.pk]) == 1

    assert list(MatchFeatures.objects.filter(worker=worker).values_list("eligible", flat=True)) == [
        True
    ]
    assert MatchOccupation.objects.filter(worker=worker).count() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL's row locks"
)
def test_ten_concurrent_consent_changes_all_succeed_and_matching_follows_the_consent_in_force():
    caseworker, employer = member(), employer_user()
    worker = job_ready_worker(caseworker)
    job = vacancy(employer)
    url = f"/api/v1/workers/{worker.pk}/consents"
    headers = [bearer(caseworker) for _ in range(THREADS)]
    answers: list[int] = []
    disagreements = []

    def change(index: int, barrier: threading.Barrier) -> None:
        try:
            barrier.wait()
            response = Client(raise_request_exception=False).post(
                url,
                {"purpose": "matching", "given": index % 2 == 0, "method": "signed_form"},
                content_type="application/json",
                headers=headers[index],
            )
            answers.append(response.status_code)
        finally:
            connection.close()

    for _round in range(ROUNDS):
        barrier = threading.Barrier(THREADS)
        threads = [threading.Thread(target=change, args=(i, barrier)) for i in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        in_force = may_process(worker, ConsentPurpose.MATCHING)
        refresh_stale()
        eligible = MatchFeatures.objects.get(worker=worker).eligible
        if (eligible, matched(job, worker)) != (in_force, in_force):
            disagreements.append((in_force, eligible))

    assert answers == [201] * THREADS * ROUNDS
    assert disagreements == []


def test_a_refresh_inside_the_consent_change_answers_before_the_commit():
    from django.db import transaction

    caseworker, employer = member(), employer_user()
    worker = job_ready_worker(caseworker)
    job = vacancy(employer)

    with transaction.atomic():
        give_consent(caseworker, worker, is_given=False)
        refresh_features([worker.pk])
        inside = MatchFeatures.objects.get(worker=worker).eligible

    assert inside is False
    assert MatchFeatures.objects.get(worker=worker).eligible is False
    assert not matched(job, worker)
