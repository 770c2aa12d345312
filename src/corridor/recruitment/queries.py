"""Recruitment's reads, shared by the pages, the API and the CLI: the lists of vacancies,
applications and payments, and who sees which candidates.

Who sees which candidates (decision 0011) is decided here, the one place. A vacancy's candidates: a caseworker sees their own centres' in full; programme office staff
see everyone's in full; the vacancy's employer and recruiter see everyone anonymised (a
per-vacancy handle, an age band, citizenship, the score and why), and in full a worker shared
with them by an active grant; nobody else sees the list (404). A worker's matches list only
the vacancies the reader may see.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from corridor.accounts.models import User
from corridor.accounts.roles import Permission
from corridor.people.models import AccessGrant, GrantPurpose, Worker
from corridor.recruitment import matching, profiles
from corridor.recruitment.models import (
    Application,
    ApplicationStatus,
    Payment,
    Vacancy,
    VacancyInterest,
    VacancyStatus,
)
from corridor.recruitment.models.applications import (
    ApplicationQuerySet,
    candidate_handle,
    is_programme_office_staff,
)
from corridor.recruitment.models.vacancies import VacancyQuerySet

AGE_BANDS = ((18, 24), (25, 34), (35, 44), (45, 54))


@dataclass(frozen=True)
class VacancyFilters:
    q: str = ""  # words of the title or the employer's name, or the digits of an ISCO-08 code
    status: VacancyStatus | None = None
    region: str = ""  # an ISO 3166-2 code
    isco: str = ""  # an ISCO-08 code at any level: the unit groups below it match


def vacancy_list(user: User, filters: VacancyFilters) -> VacancyQuerySet:
    """The vacancies a user may see, filtered, newest first, ready for a page of a list."""
    vacancies = (
        Vacancy.objects.for_user(user)
        .select_related("employer", "recruiter", "region", "coded_title")
        .search(filters.q)
    )
    if filters.status:
        vacancies = vacancies.filter(status=filters.status)
    if filters.region:
        vacancies = vacancies.filter(region_id=filters.region.upper())
    if filters.isco:
        vacancies = vacancies.with_isco_prefix(filters.isco[:4])
    return vacancies


@dataclass(frozen=True)
class ApplicationFilters:
    vacancy: UUID | None = None
    worker: UUID | None = None
    status: ApplicationStatus | None = None


def application_list(user: User, filters: ApplicationFilters) -> ApplicationQuerySet:
    """The applications a user's organisations are party to, filtered, each annotated with
    `worker_shown` (whether the reader may see the worker's record, or only the handle)."""
    applications = (
        Application.objects.for_user(user)
        .with_worker_shown(user)
        .select_related("worker", "vacancy__employer", "contract")
    )
    if filters.vacancy:
        applications = applications.filter(vacancy_id=filters.vacancy)
    if filters.worker:
        # Only a worker the reader may see: a filter must not link an id to a handle.
        applications = applications.filter(
            worker__in=Worker.objects.for_user(user).filter(pk=filters.worker)
        )
    if filters.status:
        applications = applications.filter(status=filters.status)
    return applications


def worker_payments(worker: Worker) -> QuerySet[Payment]:
    """The payments recorded for a worker the caller already scoped, latest first."""
    return Payment.objects.filter(worker=worker).select_related("payee_organisation")


@dataclass(frozen=True)
class CandidateScope:
    """What one user may see of one vacancy's candidates."""

    everyone_in_full: bool
    # Candidates registered by these organisations are shown in full.
    own_centres: frozenset[UUID]
    # The user's organisations that are the vacancy's employer or recruiter: they see every
    # candidate anonymised, and in full those shared with them.
    vacancy_side: frozenset[UUID]
    recruiter_side: bool

    @property
    def sees_any(self) -> bool:
        return self.everyone_in_full or bool(self.own_centres) or bool(self.vacancy_side)

    @property
    def ranked_organisations(self) -> set[UUID] | None:
        """Whose workers to rank: None for everyone."""
        if self.everyone_in_full or self.vacancy_side:
            return None
        return set(self.own_centres)


def candidate_scope(user: User, vacancy: Vacancy) -> CandidateScope:
    """The rule of decision 0011 for `user` on `vacancy`."""
    if not user.is_authenticated:
        return CandidateScope(False, frozenset(), frozenset(), False)
    acting = set(user.organisation_ids_with(Permission.MANAGE_APPLICATIONS))
    side = acting & {vacancy.employer_id, vacancy.recruiter_id} - {None}
    return CandidateScope(
        everyone_in_full=is_programme_office_staff(user),
        own_centres=frozenset(user.organisation_ids_with(Permission.VIEW_OWN_WORKERS)),
        vacancy_side=frozenset(side),
        recruiter_side=vacancy.recruiter_id is not None and vacancy.recruiter_id in side,
    )


def age_band(birth: date, today: date) -> str:
    age = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
    if age < AGE_BANDS[0][0]:
        return f"<{AGE_BANDS[0][0]}"
    for low, high in AGE_BANDS:
        if low <= age <= high:
            return f"{low}–{high}"
    return f"{AGE_BANDS[-1][1] + 1}+"


def vacancy_candidates_or_404(*, user: User, vacancy: Vacancy, limit: int) -> list[dict[str, Any]]:
    """The vacancy's best candidates as this user may see them, best first; 404 for who may
    see none. Each item: `worker` (handle, anonymised, id, reference, initials, age, age_band,
    citizenship), `score`, `explanation`, and `may_put_forward` for this user."""
    scope = candidate_scope(user, vacancy)
    if not scope.sees_any:
        raise Http404
    ranked = matching.workers_for_vacancy(
        vacancy, limit=limit, organisations=scope.ranked_organisations
    )
    items = profiles.worker_match_items(ranked)
    ids = [item["worker"]["id"] for item in items]
    registry = {
        pk: (organisation_id, birth)
        for pk, organisation_id, birth in Worker.objects.filter(pk__in=ids).values_list(
            "pk", "organisation_id", "birth_date"
        )
    }
    grants: dict[UUID, set[str]] = {}
    if scope.vacancy_side:
        for worker_id, purpose in (
            AccessGrant.objects.active()
            .filter(worker_id__in=ids, organisation_id__in=scope.vacancy_side)
            .values_list("worker_id", "purpose")
        ):
            grants.setdefault(worker_id, set()).add(purpose)
    # The worker said "I am interested" from their own pages: shown beside the candidate, to
    # an anonymised reader too (it names nobody).
    interested = set(
        VacancyInterest.objects.filter(vacancy=vacancy, worker_id__in=ids).values_list(
            "worker_id", flat=True
        )
    )
    today = timezone.localdate()
    shaped = []
    for item in items:
        worker_id = item["worker"]["id"]
        organisation_id, birth = registry[worker_id]
        own = scope.everyone_in_full or organisation_id in scope.own_centres
        in_full = own or worker_id in grants
        worker = {
            **item["worker"],
            "handle": candidate_handle(vacancy.pk, worker_id),
            "anonymised": not in_full,
            "age_band": age_band(birth, today),
        }
        if not in_full:
            worker.update(id=None, reference=None, initials=None, age=None)
        # Mirrors pipeline.create_application: the worker's side, or the recruiter for a
        # worker already shared with it for an application.
        may_put_forward = own or (
            scope.recruiter_side and GrantPurpose.APPLICATION in grants.get(worker_id, set())
        )
        shaped.append(
            {
                **item,
                "worker": worker,
                "may_put_forward": may_put_forward,
                "interested": worker_id in interested,
            }
        )
    return shaped


def worker_vacancy_matches(*, user: User, worker: Worker, limit: int) -> list[dict[str, Any]]:
    """Open vacancies for a worker the user may see, best first: never another employer's.
    The worker themself looks through every vacancy open to them."""
    among = (
        Vacancy.objects.open_to_workers()
        if worker.user_id is not None and worker.user_id == user.pk
        else Vacancy.objects.for_user(user)
    )
    ranked = matching.vacancies_for_worker(worker, limit=limit, among=among)
    return profiles.vacancy_match_items(ranked)


def worker_to_put_forward_or_404(*, user: User, worker_id: UUID | str) -> Worker:
    """The worker a user names to put forward: one whose record they may see (their centre's,
    or shared with them), any for programme office staff; else 404, as if it did not exist.
    Whether they may put that worker forward is the pipeline's rule."""
    workers = (
        Worker.objects.all() if is_programme_office_staff(user) else Worker.objects.for_user(user)
    )
    try:
        worker = workers.filter(pk=worker_id).first()
    except (ValidationError, ValueError):
        worker = None
    if worker is None:
        raise Http404
    return worker
