import datetime

import pytest
from django.utils import translation

from corridor.accounts.tests.factories import member
from corridor.people.tests.factories import actor, give_consent
from corridor.recruitment import matching
from corridor.recruitment.models import MatchFeatures, MatchOccupation
from corridor.recruitment.tests.factories import employer_user, job_ready_worker, vacancy

pytestmark = pytest.mark.django_db


def ranked_ids(scored):
    return [s.worker_id for s in scored]


def test_a_job_ready_consenting_worker_is_matched_and_the_score_explains_itself():
    caseworker, employer = member(), employer_user()
    worker = job_ready_worker(caseworker)
    job = vacancy(employer)

    with translation.override("en"):
        (match,) = matching.workers_for_vacancy(job)

    assert match.worker_id == worker.pk
    factors = {f["factor"]: f for f in match.explanation()}
    assert list(factors) == [
        "occupation",
        "experience",
        "languages",
        "certificates",
        "licences",
        "region",
        "wage",
        "availability",
    ]
    assert factors["occupation"]["value"] == 1.0
    assert factors["occupation"]["detail"] == "same occupation (7212)"
    assert factors["experience"]["value"] == 1.0
    assert factors["languages"]["detail"] == "ru B1/A2"
    assert match.score == pytest.approx(sum(f["points"] for f in factors.values()), abs=1e-3)
    # No profile: no region preference (0.75), no wage expectation, available; no experience
    # asked, five years saturate it.
    assert match.score == pytest.approx(
        0.30 + 0.14 + 0.14 + 0.06 + 0.08 + 0.06 * 0.75 + 0.12 + 0.10
    )


def test_same_unit_group_ranks_above_same_minor_group_above_same_major_group():
    caseworker, employer = member(), employer_user()
    welder = job_ready_worker(caseworker, isco="7212")
    sheet_metal = job_ready_worker(caseworker, isco="7213", given_name="Бахтиёр")
    bricklayer = job_ready_worker(caseworker, isco="7112", given_name="Жасур")
    cook = job_ready_worker(caseworker, isco="5120", given_name="Рустам")

    ranked = matching.workers_for_vacancy(vacancy(employer))

    assert ranked_ids(ranked) == [welder.pk, sheet_metal.pk, bricklayer.pk]
    assert cook.pk not in ranked_ids(ranked)


def test_hard_filters_leave_out_who_did_not_consent_is_not_job_ready_or_whose_passport_ends():
    caseworker, employer = member(), employer_user()
    job = vacancy(employer)
    no_consent = job_ready_worker(caseworker, consent=False)
    expiring = job_ready_worker(
        caseworker, passport_expiry=datetime.date.today() + datetime.timedelta(days=30)
    )
    withdrew = job_ready_worker(caseworker)
    give_consent(caseworker, withdrew, is_given=False)
    fine = job_ready_worker(caseworker)

    assert ranked_ids(matching.workers_for_vacancy(job)) == [fine.pk]
    assert not MatchFeatures.objects.get(worker=no_consent).eligible
    assert MatchFeatures.objects.get(worker=expiring).eligible  # eligible, but not by the start
    assert not MatchFeatures.objects.get(worker=withdrew).eligible


def test_a_rotation_job_only_for_workers_who_accept_rotation():
    from corridor.recruitment.profiles import set_job_profile

    caseworker, employer = member(), employer_user()
    worker = job_ready_worker(caseworker)
    set_job_profile(
        actor=actor(caseworker),
        worker=worker,
        preferred_regions=["RU-MOW"],
        expected_wage_rub=None,
        available_from=None,
        driving_licences=[],
        accepts_rotation=False,
    )

    assert matching.workers_for_vacancy(vacancy(employer, schedule="rotation")) == []
    assert ranked_ids(matching.workers_for_vacancy(vacancy(employer, title="Сварщик"))) == [
        worker.pk
    ]


def test_vacancies_for_a_worker_rank_open_vacancies_of_related_occupations():
    caseworker, employer = member(), employer_user()
    worker = job_ready_worker(caseworker, isco="7212")
    welding = vacancy(employer)
    steel = vacancy(employer, title="Монтажник металлоконструкций", isco_code="7214")
    cooking = vacancy(employer, title="Повар", isco_code="5120")
    vacancy(employer, title="Сварщик (закрыта)", status="closed")

    ranked = matching.vacancies_for_worker(worker)

    assert [s.vacancy_id for s in ranked] == [welding.pk, steel.pk]
    assert cooking.pk not in [s.vacancy_id for s in ranked]


def test_features_follow_changes_to_the_record():
    from corridor.recruitment.features import refresh_stale

    caseworker = member()
    worker = job_ready_worker(caseworker)
    refresh_stale()
    assert MatchFeatures.objects.get(worker=worker).languages == {"ru": 3}

    from corridor.people import services

    services.update_worker(
        actor=actor(caseworker),
        worker=worker,
        details={},
        languages=[services.LanguageSkill("ru", "C1"), services.LanguageSkill("en", "A2")],
    )
    refresh_stale()

    assert MatchFeatures.objects.get(worker=worker).languages == {"ru": 5, "en": 2}


def test_one_transaction_touching_many_rows_refreshes_its_workers_once(monkeypatch):
    from django.db import transaction

    from corridor.people.models import Worker, WorkerOccupation
    from corridor.recruitment import features

    caseworker = member()
    workers = [job_ready_worker(caseworker, given_name=name) for name in ("Анвар", "Бахром")]
    features.refresh_stale()
    batches: list[set[object]] = []
    original = features.refresh_features

    def counting(ids):
        batches.append(set(ids))
        return original(ids)

    monkeypatch.setattr(features, "refresh_features", counting)

    with transaction.atomic():
        WorkerOccupation.objects.filter(worker__in=workers).delete()
        Worker.objects.filter(pk__in=[w.pk for w in workers]).mark_match_features_stale()
    features.refresh_stale()

    assert batches == [{w.pk for w in workers}]
    assert not MatchOccupation.objects.filter(worker__in=workers).exists()
