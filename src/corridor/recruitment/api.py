"""Recruitment over REST: vacancies, matches, applications, contracts, the fee ledger.

Mounted at the API root: `/vacancies`, `/applications`, and the worker-side paths
`/workers/{id}/matches`, `/workers/{id}/job-profile`, `/workers/{id}/payments`.
"""

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from corridor.accounts.models import Organisation, OrganisationType
from corridor.accounts.requests import signed_in_user
from corridor.accounts.schemas import OrganisationRef
from corridor.core.audit import Actor
from corridor.core.bounds import (
    EXPECTED_WAGE_BOUNDS,
    HOUSING_COST_BOUNDS,
    PAYMENT_BOUNDS,
    RATE_BOUNDS,
    WAGE_BOUNDS,
    least,
    most,
)
from corridor.core.pagination import BoundedLimitOffset
from corridor.core.scoping import get_for_user_or_404
from corridor.people.access import Section, workers_showing
from corridor.people.models import LanguageLevel, Worker
from corridor.people.services import record_view
from corridor.recruitment import contracts, fees, pipeline, profiles, queries
from corridor.recruitment.models import (
    Application,
    ApplicationStatus,
    Contract,
    FeePurpose,
    Housing,
    Meals,
    PayeeType,
    Payment,
    Schedule,
    Vacancy,
    VacancyStatus,
)
from corridor.recruitment.models.fees import Currency
from corridor.recruitment.models.vacancies import Certificate, Transport
from corridor.recruitment.vacancies import LanguageRequirement, create_vacancy, update_vacancy

router = Router(tags=["recruitment"])


class LanguageNeed(Schema):
    language: str = Field(..., pattern=r"^[a-z]{2,3}$")
    level: LanguageLevel


class VacancyFields(Schema):
    description: str = Field("", max_length=20000)
    address: str = Field("", max_length=500)
    hours_per_week: int = Field(40, ge=1, le=84)
    schedule: Schedule = Schedule.FULL_TIME
    rotation_days_on: int | None = Field(None, ge=1, le=120)
    rotation_days_off: int | None = Field(None, ge=1, le=120)
    contract_months: int = Field(12, ge=1, le=60)
    start_date: date | None = None
    housing: Housing = Housing.NONE
    housing_cost_rub: Decimal = Field(Decimal(0), ge=0, le=most(HOUSING_COST_BOUNDS))
    meals: Meals = Meals.NONE
    transport: Transport = Transport.NONE
    min_experience_years: int = Field(0, ge=0, le=40)
    driving_licences: list[str] = Field(default_factory=list, max_length=11)
    certificates: list[Certificate] = Field(default_factory=list)
    min_age: int | None = Field(None, ge=14, le=21)
    open_to_foreign: bool = True
    status: VacancyStatus = VacancyStatus.OPEN
    languages: list[LanguageNeed] = Field(default_factory=list, max_length=10)


class VacancyIn(VacancyFields):
    title: str = Field(..., min_length=2, max_length=300)
    isco_code: str | None = Field(None, pattern=r"^\d{4}$")
    region: str = Field(..., pattern=r"^[A-Za-z]{2}-[A-Za-z0-9]{1,3}$")
    places: int = Field(1, ge=1, le=10000)
    wage_min: Decimal = Field(..., gt=0, le=most(WAGE_BOUNDS))
    wage_max: Decimal = Field(..., gt=0, le=most(WAGE_BOUNDS))
    employer: uuid.UUID | None = None
    recruiter: uuid.UUID | None = None


class VacancyPatch(Schema):
    title: str | None = Field(None, min_length=2, max_length=300)
    isco_code: str | None = Field(None, pattern=r"^\d{4}$")
    region: str | None = Field(None, pattern=r"^[A-Za-z]{2}-[A-Za-z0-9]{1,3}$")
    places: int | None = Field(None, ge=1, le=10000)
    wage_min: Decimal | None = Field(None, gt=0, le=most(WAGE_BOUNDS))
    wage_max: Decimal | None = Field(None, gt=0, le=most(WAGE_BOUNDS))
    status: VacancyStatus | None = None
    description: str | None = Field(None, max_length=20000)
    start_date: date | None = None


class VacancyOut(Schema):
    id: uuid.UUID
    title: str
    isco_code: str = Field(alias="isco_id")
    isco_needs_review: bool
    region: str = Field(alias="region_id")
    places: int
    wage_min: int
    wage_max: int
    hours_per_week: int
    schedule: str
    contract_months: int
    start_date: date | None
    housing: str
    housing_cost_rub: int
    meals: str
    transport: str
    min_experience_years: int
    driving_licences: list[str]
    certificates: list[str]
    min_age: int | None
    open_to_foreign: bool
    status: str
    source: str
    source_id: str
    employer: OrganisationRef
    recruiter: OrganisationRef | None
    languages: dict[str, int] = Field(alias="language_needs")
    created_at: datetime

    @staticmethod
    def resolve_isco_needs_review(obj: Vacancy) -> bool:
        return bool(obj.coded_title_id) and obj.coded_title.status == "needs_review"  # type: ignore[union-attr]


def _organisation(request: HttpRequest, org_id: uuid.UUID | None, kind: str) -> Organisation | None:
    if org_id is None:
        return None
    found = Organisation.objects.filter(pk=org_id, type=kind).first()
    if found is None:
        raise Http404
    return found


def _employer_for(request: HttpRequest, org_id: uuid.UUID | None) -> Organisation:
    if org_id is not None:
        employer = _organisation(request, org_id, OrganisationType.EMPLOYER)
        assert employer is not None
        return employer
    user = signed_in_user(request)
    own = [m.organisation for m in user.active_memberships if m.organisation.type == "employer"]
    if not own:
        raise ValidationError({"employer": _("Name the employer (an organisation id).")})
    return own[0]


def _languages(items: list[LanguageNeed]) -> list[LanguageRequirement]:
    return [LanguageRequirement(i.language, i.level) for i in items]


def _vacancy(request: HttpRequest, vacancy_id: uuid.UUID) -> Vacancy:
    return get_for_user_or_404(
        Vacancy.objects.select_related("employer", "recruiter", "coded_title"),
        signed_in_user(request),
        pk=vacancy_id,
    )


@router.post("/vacancies", response={201: VacancyOut})
def add_vacancy(request: HttpRequest, payload: VacancyIn) -> Status[Vacancy]:
    """Enter a vacancy. Without `isco_code` the title is coded (unsure codes go to review)."""
    values = payload.dict(exclude={"isco_code", "region", "employer", "recruiter", "languages"})
    vacancy = create_vacancy(
        actor=Actor.from_request(request, channel="api"),
        employer=_employer_for(request, payload.employer),
        recruiter=_organisation(request, payload.recruiter, OrganisationType.RECRUITER),
        region=payload.region.upper(),
        isco_code=payload.isco_code,
        values=values,
        languages=_languages(payload.languages),
        source="api",
    )
    return Status(201, _vacancy(request, vacancy.pk))


class VacancyFilter(Schema):
    q: str = Field("", max_length=100)
    status: VacancyStatus | None = None
    isco: str | None = Field(None, pattern=r"^\d{1,4}$")
    region: str | None = Field(None, max_length=6)


@router.get("/vacancies", response=list[VacancyOut])
@paginate(BoundedLimitOffset)
def list_vacancies(request: HttpRequest, filters: Query[VacancyFilter]) -> Any:
    """`{"items": [...], "count": N}`; `q` searches titles, employers and ISCO codes."""
    return queries.vacancy_list(
        signed_in_user(request),
        queries.VacancyFilters(
            q=filters.q,
            status=filters.status,
            region=filters.region or "",
            isco=filters.isco or "",
        ),
    )


@router.get("/vacancies/{vacancy_id}", response=VacancyOut)
def get_vacancy(request: HttpRequest, vacancy_id: uuid.UUID) -> Vacancy:
    return _vacancy(request, vacancy_id)


@router.patch("/vacancies/{vacancy_id}", response=VacancyOut)
def change_vacancy(request: HttpRequest, vacancy_id: uuid.UUID, payload: VacancyPatch) -> Vacancy:
    vacancy = _vacancy(request, vacancy_id)
    values = payload.dict(exclude_unset=True, exclude={"isco_code", "region"})
    update_vacancy(
        actor=Actor.from_request(request, channel="api"),
        vacancy=vacancy,
        values=values,
        region=payload.region.upper() if payload.region else None,
        isco_code=payload.isco_code,
    )
    return _vacancy(request, vacancy_id)


class MatchQuery(Schema):
    limit: int = Field(20, ge=1, le=200)


class MatchedWorker(Schema):
    """A candidate as the reader may see them (decision 0011): in full (id, reference,
    initials, age) or anonymised (those are null); the handle and age band always."""

    handle: str
    anonymised: bool
    id: uuid.UUID | None
    reference: str | None
    initials: str | None
    age: int | None
    age_band: str
    citizenship: str


class WorkerMatchOut(Schema):
    worker: MatchedWorker
    score: float
    explanation: list[dict[str, Any]]
    interested: bool = Field(
        False, description="The worker said they are interested, from their own pages."
    )


class WorkerMatches(Schema):
    items: list[WorkerMatchOut]


@router.get("/vacancies/{vacancy_id}/matches", response=WorkerMatches)
def vacancy_matches(
    request: HttpRequest, vacancy_id: uuid.UUID, query: Query[MatchQuery]
) -> dict[str, Any]:
    """Eligible workers for the vacancy, best first, each score explained factor by factor.

    A caseworker sees their own centre's candidates, programme office staff everyone's, the
    vacancy's employer and recruiter everyone's anonymised (in full those shared with them);
    anyone else gets 404 (decision 0011)."""
    vacancy = _vacancy(request, vacancy_id)
    items = queries.vacancy_candidates_or_404(
        user=signed_in_user(request), vacancy=vacancy, limit=query.limit
    )
    return {"items": items}


class MatchedVacancy(Schema):
    id: uuid.UUID
    title: str
    isco_code: str
    region: str
    employer: str
    wage_min: int
    wage_max: int


class VacancyMatchOut(Schema):
    vacancy: MatchedVacancy
    score: float
    explanation: list[dict[str, Any]]


class VacancyMatches(Schema):
    items: list[VacancyMatchOut]


def _worker(request: HttpRequest, worker_id: uuid.UUID, section: Section) -> Worker:
    """A worker whose `section` the user may see (people.access), else 404."""
    return get_for_user_or_404(
        workers_showing(signed_in_user(request), section), signed_in_user(request), pk=worker_id
    )


def _audited(request: HttpRequest, worker: Worker, what: str) -> None:
    record_view(actor=Actor.from_request(request, channel="api"), worker=worker, what=what)


@router.get("/workers/{worker_id}/matches", response=VacancyMatches)
def worker_matches(
    request: HttpRequest, worker_id: uuid.UUID, query: Query[MatchQuery]
) -> dict[str, Any]:
    """Open vacancies for the worker, best first, each score explained."""
    worker = _worker(request, worker_id, Section.JOBS)
    _audited(request, worker, "matches")
    items = queries.worker_vacancy_matches(
        user=signed_in_user(request), worker=worker, limit=query.limit
    )
    return {"items": items}


class JobProfileIn(Schema):
    preferred_regions: list[str] = Field(default_factory=list, max_length=20)
    expected_wage_rub: Decimal | None = Field(
        None, ge=least(EXPECTED_WAGE_BOUNDS), le=most(EXPECTED_WAGE_BOUNDS)
    )
    available_from: date | None = None
    driving_licences: list[str] = Field(default_factory=list, max_length=11)
    accepts_rotation: bool = True


class JobProfileOut(JobProfileIn):
    pass


@router.put("/workers/{worker_id}/job-profile", response=JobProfileOut)
def set_job_profile(request: HttpRequest, worker_id: uuid.UUID, payload: JobProfileIn) -> Any:
    worker = _worker(request, worker_id, Section.JOBS)
    profile = profiles.set_job_profile(
        actor=Actor.from_request(request, channel="api"),
        worker=worker,
        preferred_regions=payload.preferred_regions,
        expected_wage_rub=payload.expected_wage_rub,
        available_from=payload.available_from,
        driving_licences=payload.driving_licences,
        accepts_rotation=payload.accepts_rotation,
    )
    return profiles.job_profile_dict(profile)


@router.get("/workers/{worker_id}/job-profile", response=JobProfileOut)
def get_job_profile(request: HttpRequest, worker_id: uuid.UUID) -> Any:
    worker = _worker(request, worker_id, Section.JOBS)
    _audited(request, worker, "job profile")
    return profiles.job_profile_dict(profiles.job_profile_of(worker))


class ApplicationIn(Schema):
    worker: uuid.UUID
    vacancy: uuid.UUID
    reason: str = Field("", max_length=500)


class ApplicationStepOut(Schema):
    from_status: str
    to_status: str
    reason: str
    at: datetime


class ApplicationOut(Schema):
    id: uuid.UUID
    # The worker's id only for who may see the worker's record; the handle for everyone.
    worker: uuid.UUID | None
    candidate: str
    vacancy: uuid.UUID = Field(alias="vacancy_id")
    status: str
    status_changed_at: datetime
    match_score: float | None
    match_explanation: list[dict[str, Any]]
    offered_wage_rub: int | None
    offered_hours_per_week: int | None
    offered_housing: str
    offered_housing_cost_rub: int | None
    offered_start_date: date | None
    offered_contract_months: int | None
    end_reason: str
    has_contract: bool
    steps: list[ApplicationStepOut]

    @staticmethod
    def resolve_worker(obj: Application) -> uuid.UUID | None:
        # Read through Application.objects.with_worker_shown(user) on the queries below.
        return obj.worker_id if getattr(obj, "worker_shown", False) else None

    @staticmethod
    def resolve_candidate(obj: Application) -> str:
        return obj.candidate

    @staticmethod
    def resolve_has_contract(obj: Application) -> bool:
        # Read through select_related("contract") on the queries below: no query per row.
        return hasattr(obj, "contract")

    @staticmethod
    def resolve_steps(obj: Application) -> list[Any]:
        return list(obj.steps.all())


def _application(request: HttpRequest, application_id: uuid.UUID) -> Application:
    return get_for_user_or_404(
        Application.objects.with_worker_shown(signed_in_user(request)).select_related(
            "vacancy", "worker", "contract"
        ),
        signed_in_user(request),
        pk=application_id,
    )


def _actor_on(request: HttpRequest, application: Application) -> Actor:
    organisation = pipeline.acting_organisation(
        signed_in_user(request),
        worker_organisation_id=application.organisation_id,
        vacancy=application.vacancy,
    )
    return Actor.from_request(request, organisation, channel="api")


class AlreadyAppliedError(Schema):
    code: str
    message: str
    application: uuid.UUID


class AlreadyAppliedOut(Schema):
    error: AlreadyAppliedError


@router.post("/applications", response={201: ApplicationOut, 409: AlreadyAppliedOut})
def add_application(request: HttpRequest, payload: ApplicationIn) -> Status[Any]:
    """Put a worker forward for a vacancy. The worker must have consented to matching."""
    vacancy = _vacancy(request, payload.vacancy)
    # A worker the caller may not see answers 404 as if it did not exist (decision 0011).
    worker = queries.worker_to_put_forward_or_404(
        user=signed_in_user(request), worker_id=payload.worker
    )
    organisation = pipeline.acting_organisation(
        signed_in_user(request), worker_organisation_id=worker.organisation_id, vacancy=vacancy
    )
    try:
        application = pipeline.create_application(
            actor=Actor.from_request(request, organisation, channel="api"),
            worker=worker,
            vacancy=vacancy,
            reason=payload.reason,
        )
    except pipeline.AlreadyApplied as repeat:
        # A repeated (or concurrent) create: nothing new was written, and the answer names
        # the application that exists.
        error = {
            "code": "already_applied",
            "message": _("This worker already applies for this vacancy."),
            "application": repeat.application.pk,
        }
        return Status(409, {"error": error})
    return Status(201, application)


class ApplicationFilter(Schema):
    vacancy: uuid.UUID | None = None
    worker: uuid.UUID | None = None
    status: ApplicationStatus | None = None


@router.get("/applications", response=list[ApplicationOut])
@paginate(BoundedLimitOffset)
def list_applications(request: HttpRequest, filters: Query[ApplicationFilter]) -> Any:
    # The steps are part of each answer: one query for all of them.
    return queries.application_list(
        signed_in_user(request),
        queries.ApplicationFilters(
            vacancy=filters.vacancy, worker=filters.worker, status=filters.status
        ),
    ).prefetch_related("steps")


@router.get("/applications/{application_id}", response=ApplicationOut)
def get_application(request: HttpRequest, application_id: uuid.UUID) -> Application:
    application = _application(request, application_id)
    _audited(request, application.worker, "application")
    return application


class MoveIn(Schema):
    # Every status: the pipeline answers the ones with their own step (offer, contract).
    status: ApplicationStatus
    reason: str = Field("", max_length=500)


@router.post("/applications/{application_id}/move", response=ApplicationOut)
def move_application(
    request: HttpRequest, application_id: uuid.UUID, payload: MoveIn
) -> Application:
    application = _application(request, application_id)
    pipeline.move_application(
        actor=_actor_on(request, application),
        application=application,
        status=payload.status,
        reason=payload.reason,
    )
    return _application(request, application_id)


class OfferIn(Schema):
    wage_rub: Decimal = Field(..., gt=0, le=most(WAGE_BOUNDS))
    hours_per_week: int = Field(40, ge=1, le=84)
    housing: Housing = Housing.NONE
    housing_cost_rub: Decimal = Field(Decimal(0), ge=0, le=most(HOUSING_COST_BOUNDS))
    start_date: date | None = None
    contract_months: int | None = Field(None, ge=1, le=60)


@router.post("/applications/{application_id}/offer", response=ApplicationOut)
def make_offer(request: HttpRequest, application_id: uuid.UUID, payload: OfferIn) -> Application:
    application = _application(request, application_id)
    pipeline.make_offer(
        actor=_actor_on(request, application),
        application=application,
        wage_rub=payload.wage_rub,
        hours_per_week=payload.hours_per_week,
        housing=payload.housing,
        housing_cost_rub=payload.housing_cost_rub,
        start_date=payload.start_date,
        contract_months=payload.contract_months,
    )
    return _application(request, application_id)


class ContractOut(Schema):
    id: uuid.UUID
    language: str
    terms: dict[str, Any]
    received_at: datetime | None
    actual_terms: dict[str, Any] | None
    substitutions: list[dict[str, Any]]
    is_substituted: bool


def _contract(request: HttpRequest, application_id: uuid.UUID) -> Contract:
    application = _application(request, application_id)
    contract = Contract.objects.filter(application=application).first()
    if contract is None:
        raise Http404
    return contract


@router.post("/applications/{application_id}/contract", response={201: ContractOut})
def generate_contract(request: HttpRequest, application_id: uuid.UUID) -> Status[Contract]:
    """Make the contract (PDF, Russian beside the worker's language) from the accepted offer."""
    application = _application(request, application_id)
    contract = contracts.generate_contract(
        actor=Actor.from_request(request, channel="api"), application=application
    )
    return Status(201, contract)


@router.get("/applications/{application_id}/contract", response=ContractOut)
def get_contract(request: HttpRequest, application_id: uuid.UUID) -> Contract:
    contract = _contract(request, application_id)
    _audited(request, contract.worker, "contract")
    return contract


@router.get("/applications/{application_id}/contract.pdf", response={200: None})
def contract_pdf(request: HttpRequest, application_id: uuid.UUID) -> FileResponse:
    contract = _contract(request, application_id)
    actor = Actor.from_request(request, channel="api")
    record_view(actor=actor, worker=contract.worker, what="contract")
    return FileResponse(
        contract.pdf.open("rb"),
        content_type="application/pdf",
        filename=f"{contract.terms['number']}.pdf",
    )


@router.post("/applications/{application_id}/contract/received", response=ContractOut)
def confirm_receipt(request: HttpRequest, application_id: uuid.UUID) -> Contract:
    contract = _contract(request, application_id)
    return contracts.confirm_receipt(
        actor=Actor.from_request(request, channel="api"), contract=contract
    )


class ArrivalIn(Schema):
    wage_rub: Decimal = Field(..., gt=0, le=most(WAGE_BOUNDS))
    hours_per_week: int = Field(..., ge=1, le=84)
    housing: Housing
    housing_cost_rub: Decimal = Field(Decimal(0), ge=0, le=most(HOUSING_COST_BOUNDS))
    isco_code: str = Field(..., pattern=r"^\d{4}$")


@router.post("/applications/{application_id}/contract/arrival", response=ContractOut)
def record_arrival_terms(
    request: HttpRequest, application_id: uuid.UUID, payload: ArrivalIn
) -> Contract:
    """The employer records the terms actually given at arrival; worse ones are flagged."""
    contract = _contract(request, application_id)
    return contracts.record_actual_terms(
        actor=Actor.from_request(request, channel="api"),
        contract=contract,
        wage_rub=payload.wage_rub,
        hours_per_week=payload.hours_per_week,
        housing=payload.housing,
        housing_cost_rub=payload.housing_cost_rub,
        isco_code=payload.isco_code,
    )


class PaymentIn(Schema):
    payee_type: PayeeType
    payee_organisation: uuid.UUID | None = None
    payee_name: str = Field("", max_length=200)
    purpose: FeePurpose
    amount: Decimal = Field(..., ge=least(PAYMENT_BOUNDS), le=most(PAYMENT_BOUNDS))
    currency: Currency
    rate_to_rub: Decimal | None = Field(None, ge=least(RATE_BOUNDS), le=most(RATE_BOUNDS))
    paid_on: date
    application: uuid.UUID | None = None
    note: str = Field("", max_length=500)


class PaymentOut(Schema):
    id: uuid.UUID
    payee_type: str
    payee_name: str
    purpose: str
    amount: Decimal
    currency: str
    rate_to_rub: Decimal
    amount_rub: Decimal
    paid_on: date
    should_employer_pay: bool
    recruiter: uuid.UUID | None = Field(None, alias="recruiter_id")


class PaymentsOut(Schema):
    items: list[PaymentOut]
    fees_rub: Decimal
    monthly_wage_rub: Decimal | None
    recruitment_cost_share: Decimal | None


@router.post("/workers/{worker_id}/payments", response={201: PaymentOut})
def add_payment(request: HttpRequest, worker_id: uuid.UUID, payload: PaymentIn) -> Status[Payment]:
    """Record what the worker paid on the way; fees the employer should have paid are flagged."""
    worker = _worker(request, worker_id, Section.FEES)
    application = None
    if payload.application:
        application = get_for_user_or_404(
            Application.objects.select_related("vacancy"),
            signed_in_user(request),
            pk=payload.application,
        )
    payee = None
    if payload.payee_organisation:
        payee = Organisation.objects.filter(pk=payload.payee_organisation).first()
        if payee is None:
            raise Http404
    payment = fees.record_payment(
        actor=Actor.from_request(request, channel="api"),
        worker=worker,
        payee_type=payload.payee_type,
        payee_organisation=payee,
        payee_name=payload.payee_name,
        purpose=payload.purpose,
        amount=payload.amount,
        currency=payload.currency,
        rate_to_rub=payload.rate_to_rub,
        paid_on=payload.paid_on,
        application=application,
        note=payload.note,
    )
    return Status(201, payment)


@router.get("/workers/{worker_id}/payments", response=PaymentsOut)
def list_payments(request: HttpRequest, worker_id: uuid.UUID) -> dict[str, Any]:
    """The worker's payments and their recruitment cost as a share of a month's wage (SDG 10.7.1)."""
    worker = _worker(request, worker_id, Section.FEES)
    _audited(request, worker, "payments")
    cost = fees.recruitment_cost(worker)
    return {
        "items": list(queries.worker_payments(worker)),
        "fees_rub": cost.fees_rub,
        "monthly_wage_rub": cost.monthly_wage_rub,
        "recruitment_cost_share": cost.share,
    }
