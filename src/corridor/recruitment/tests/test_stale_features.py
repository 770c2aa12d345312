"""The stale mark that replaced the signals: each change to what matching reads marks the
worker, a ranking recomputes the stale workers it may rank, the batch clears every mark."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from corridor.accounts.tests.factories import member
from corridor.identity.services import merge_workers, undo_merge
from corridor.people import services as people_services
from corridor.people.documents import add_document
from corridor.people.models import DocumentType, Worker
from corridor.people.tests.factories import actor, give_consent
from corridor.recruitment import matching
from corridor.recruitment.features import refresh_stale
from corridor.recruitment.models import MatchFeatures, MatchOccupation
from corridor.recruitment.profiles import set_job_profile
from corridor.recruitment.tests.factories import employer_user, job_ready_worker, vacancy
from corridor.training.worker_record import remove_language_certificate

pytestmark = pytest.mark.django_db


def is_stale(worker) -> bool:
    return Worker.objects.get(pk=worker.pk).match_features_stale_since is not None


def ranked_ids(scored):
    return [s.worker_id for s in scored]


@pytest.fixture
def caseworker():
    return member()


@pytest.fixture
def fresh(caseworker):
    """A job-ready welder whose features are current."""
    worker = job_ready_worker(caseworker)
    refresh_stale()
    assert not is_stale(worker)
    return worker


def test_a_new_worker_is_stale_until_refreshed(caseworker):
    worker = job_ready_worker(caseworker)

    assert is_stale(worker)
    assert not MatchFeatures.objects.filter(worker=worker).exists()
    assert refresh_stale() == 1
    assert not is_stale(worker)
    assert MatchFeatures.objects.get(worker=worker).eligible is True


CHANGES = {
    "details": lambda user, worker: people_services.update_worker(
        actor=actor(user), worker=worker, details={"birth_date": datetime.date(1990, 1, 2)}
    ),
    "languages": lambda user, worker: people_services.update_worker(
        actor=actor(user),
        worker=worker,
        details={},
        languages=[people_services.LanguageSkill("ru", "C1")],
    ),
    "occupation": lambda user, worker: people_services.set_occupation(
        actor=actor(user), worker=worker, isco="7213", years_experience=2
    ),
    "stage": lambda user, worker: people_services.move_stage(
        actor=actor(user), worker=worker, stage="withdrawn", reason="Left the programme"
    ),
    "consent": lambda user, worker: give_consent(user, worker, is_given=False),
    "document": lambda user, worker: add_document(
        actor=actor(user),
        worker=worker,
        details={
            "type": DocumentType.MEDICAL_CERTIFICATE,
            "number": "MED-1",
            "issue_date": datetime.date.today(),
        },
    ),
    "job profile": lambda user, worker: set_job_profile(
        actor=actor(user),
        worker=worker,
        preferred_regions=["RU-MOW"],
        expected_wage_rub=None,
        available_from=None,
        driving_licences=[],
        accepts_rotation=False,
    ),
}


@pytest.mark.parametrize("change", CHANGES)
def test_each_change_to_what_matching_reads_marks_the_worker(caseworker, fresh, change):
    CHANGES[change](caseworker, fresh)

    assert is_stale(fresh)
    assert refresh_stale() == 1
    assert not is_stale(fresh)


def test_a_change_matching_does_not_read_leaves_the_mark_alone(caseworker, fresh):
    people_services.record_view(actor=actor(caseworker), worker=fresh)

    assert not is_stale(fresh)


def test_a_removed_certificate_marks_the_worker(caseworker, fresh):
    certificate = add_document(
        actor=actor(caseworker),
        worker=fresh,
        details={
            "type": DocumentType.LANGUAGE_CERTIFICATE,
            "number": "RU-1",
            "issue_date": datetime.date.today(),
        },
    )
    refresh_stale()
    assert "language_certificate" in MatchFeatures.objects.get(worker=fresh).certificates

    remove_language_certificate(actor=actor(caseworker), document=certificate, reason="Revoked")

    assert is_stale(fresh)
    refresh_stale()
    assert MatchFeatures.objects.get(worker=fresh).certificates == {}


def test_a_merge_and_its_undoing_mark_both_records(caseworker, fresh):
    other = job_ready_worker(caseworker, given_name="Шахзодбек")
    refresh_stale()

    merge = merge_workers(actor=actor(caseworker), kept=fresh, merged=other)

    assert (is_stale(fresh), is_stale(other)) == (True, True)
    assert refresh_stale() == 2
    assert not MatchFeatures.objects.filter(worker=other).exists()

    undo_merge(actor=actor(caseworker), merge=merge)

    assert (is_stale(fresh), is_stale(other)) == (True, True)
    refresh_stale()
    assert MatchFeatures.objects.get(worker=other).eligible is True


def test_ranking_recomputes_a_stale_worker_first_and_never_ranks_the_old_trade(caseworker, fresh):
    job = vacancy(employer_user())
    people_services.update_worker(
        actor=actor(caseworker),
        worker=fresh,
        details={},
        occupations=[people_services.Experience("5120", 5)],
    )
    # Untouched until a ranking or the batch: the old trade is still in the table.
    assert list(MatchOccupation.objects.filter(worker=fresh).values_list("isco", flat=True)) == [
        "7212"
    ]

    assert matching.workers_for_vacancy(job) == []
    assert not is_stale(fresh)
    assert list(MatchOccupation.objects.filter(worker=fresh).values_list("isco", flat=True)) == [
        "5120"
    ]


def test_a_worker_new_to_the_trade_is_ranked_at_once(caseworker, fresh):
    job = vacancy(employer_user())
    cook = job_ready_worker(caseworker, isco="5120", given_name="Рустам")
    refresh_stale()
    people_services.set_occupation(
        actor=actor(caseworker), worker=cook, isco="7212", years_experience=9
    )

    # Both score the same (equal scores rank by id): the cook is among the candidates.
    assert sorted(ranked_ids(matching.workers_for_vacancy(job)), key=str) == sorted(
        [cook.pk, fresh.pk], key=str
    )


def test_a_centres_ranking_recomputes_only_that_centres_workers(caseworker, fresh):
    job = vacancy(employer_user())
    elsewhere = job_ready_worker(member(), given_name="Жасур")
    give_consent(caseworker, fresh, is_given=False)

    ranked = matching.workers_for_vacancy(job, organisations={fresh.organisation_id})

    assert ranked == []
    assert (is_stale(fresh), is_stale(elsewhere)) == (False, True)


def test_vacancies_for_a_worker_recompute_that_worker_first(caseworker, fresh):
    welding = vacancy(employer_user())
    give_consent(caseworker, fresh, is_given=False)
    give_consent(caseworker, fresh)
    MatchFeatures.objects.filter(worker=fresh).update(eligible=False)

    assert [s.vacancy_id for s in matching.vacancies_for_worker(fresh)] == [welding.pk]
    assert not is_stale(fresh)


def test_the_job_profile_is_recomputed_when_its_transaction_commits(
    caseworker, fresh, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        set_job_profile(
            actor=actor(caseworker),
            worker=fresh,
            preferred_regions=["RU-SPE", "RU-MOW"],
            expected_wage_rub=None,
            available_from=None,
            driving_licences=[],
            accepts_rotation=True,
        )

    assert not is_stale(fresh)
    assert MatchFeatures.objects.get(worker=fresh).regions == ["RU-MOW", "RU-SPE"]


def test_the_batch_refresh_clears_every_mark(caseworker):
    workers = [job_ready_worker(caseworker, given_name=n) for n in ("Анвар", "Бахром", "Жасур")]

    assert refresh_stale() == 3
    assert refresh_stale() == 0
    assert not Worker.objects.filter(match_features_stale_since__isnull=False).exists()
    assert MatchFeatures.objects.filter(worker__in=workers, eligible=True).count() == 3


def test_the_command_recomputes_the_stale_workers(caseworker):
    job_ready_worker(caseworker)
    job_ready_worker(caseworker, given_name="Бахром")
    out = StringIO()

    call_command("matching", "refresh-stale", stdout=out)
    call_command("matching", "refresh-stale", stdout=out)

    assert out.getvalue().splitlines() == [
        "2 stale workers' features recomputed",
        "0 stale workers' features recomputed",
    ]


def test_the_command_can_enqueue_the_task(caseworker):
    worker = job_ready_worker(caseworker)
    out = StringIO()

    call_command("matching", "refresh-stale", "--enqueue", stdout=out)

    assert out.getvalue().startswith("queued ")
    assert is_stale(worker)
