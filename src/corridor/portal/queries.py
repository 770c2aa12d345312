"""What a worker reads about themselves on their own pages (`/my/`).

Every read here is of the signed-in worker's own record and is scoped by it: the record
linked to the user, never an id from the address. The portal reads every domain app and no
app imports it (docs/architecture.md).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Max, Min
from django.http import Http404
from django.utils import timezone

from corridor.accounts.models import Organisation, User
from corridor.core.models import AuditAction, AuditEvent
from corridor.people.models import AccessGrant, Document, GrantPurpose, Worker
from corridor.people.stage_rules import next_stages, unmet_requirements
from corridor.people.stages import Stage, StageCheck
from corridor.recruitment.models import Application, ApplicationStatus, Payment, VacancyInterest
from corridor.support.models import Referral
from corridor.training.models import Certificate

# A document this close to its end is named among the next steps.
EXPIRY_WARNING_DAYS = 60


def own_worker_or_404(user: User) -> Worker:
    """The record linked to the signed-in user (not merged away), or 404."""
    worker = (
        Worker.objects.filter(user_id=user.pk, merged_into__isnull=True)
        .select_related("organisation", "citizenship", "home_region")
        .first()
    )
    if worker is None:
        raise Http404
    return worker


@dataclass(frozen=True)
class NextStep:
    stage: str  # the stage it leads to
    missing: list[str] = field(default_factory=list)  # StageCheck codes still unmet

    @property
    def stage_label(self) -> str:
        return str(Stage(self.stage).label)

    @property
    def missing_labels(self) -> list[str]:
        return [str(StageCheck(code).label) for code in self.missing]


def next_steps(worker: Worker, *, today: date | None = None) -> list[NextStep]:
    """The stages the worker can reach next and what each still needs, from the stage rules."""
    return [
        NextStep(stage, unmet_requirements(worker, stage, today=today))
        for stage in next_stages(worker)
        if stage not in {Stage.WITHDRAWN}
    ]


def expiring_documents(worker: Worker, *, today: date | None = None) -> list[Document]:
    """The worker's documents that ended or end within EXPIRY_WARNING_DAYS."""
    today = today or timezone.localdate()
    return list(
        Document.objects.filter(
            worker=worker,
            expiry_date__isnull=False,
            expiry_date__lte=today + timedelta(days=EXPIRY_WARNING_DAYS),
        ).order_by("expiry_date")
    )


def applications(worker: Worker) -> list[Application]:
    return list(
        Application.objects.filter(worker=worker)
        .select_related("vacancy__employer", "vacancy__region", "contract")
        .order_by("-status_changed_at")
    )


def open_offers(worker: Worker) -> list[Application]:
    return [a for a in applications(worker) if a.status == ApplicationStatus.OFFERED]


def interested_vacancy_ids(worker: Worker) -> set[Any]:
    return set(VacancyInterest.objects.filter(worker=worker).values_list("vacancy_id", flat=True))


def payments(worker: Worker) -> list[Payment]:
    return list(
        Payment.objects.filter(worker=worker)
        .select_related("payee_organisation", "recruiter")
        .order_by("-paid_on")
    )


def certificates(worker: Worker) -> list[Certificate]:
    return list(
        Certificate.objects.filter(worker=worker)
        .select_related("enrolment__cohort__course")
        .order_by("-issued_on")
    )


def referrals(worker: Worker) -> list[Referral]:
    return list(
        Referral.objects.filter(worker=worker)
        .select_related("partner", "service")
        .order_by("-sent_at")
    )


@dataclass
class DataUse:
    """One organisation's use of the worker's data, for one reason: how often, since when."""

    organisation: str
    purpose: str  # a GrantPurpose value, or "" for the worker's own centre running the case
    looked: int = 0  # reads of the record (pages and API)
    exported: int = 0
    first: datetime | None = None
    last: datetime | None = None
    shared_since: datetime | None = None
    shared_until: datetime | None = None  # when the sharing ended; None while it goes on
    is_own_centre: bool = False

    @property
    def purpose_label(self) -> str:
        return str(GrantPurpose(self.purpose).label) if self.purpose else ""


def data_uses(worker: Worker, user: User) -> list[DataUse]:
    """Who looked at and who received the worker's data, one line per organisation and
    purpose (the grants it held), not one per page load. The worker's own reads are left out."""
    record_ids = worker.record_ids()
    grants = list(AccessGrant.objects.filter(worker_id__in=record_ids).order_by("granted_at"))
    purposes_of: dict[Any, set[str]] = defaultdict(set)
    for grant in grants:
        purposes_of[grant.organisation_id].add(grant.purpose)
    reads = (
        AuditEvent.objects.filter(
            worker_id__in=record_ids, action__in=[AuditAction.VIEW, AuditAction.EXPORT]
        )
        .exclude(actor_id=user.pk)
        .values("organisation_id", "action")
        .annotate(n=Count("id"), first=Min("at"), last=Max("at"))
    )
    names = {
        o.pk: o.name
        for o in Organisation.objects.filter(
            pk__in=[
                pk
                for pk in {r["organisation_id"] for r in reads} | set(purposes_of)
                if pk is not None
            ]
        )
    }
    uses: dict[tuple[Any, str], DataUse] = {}

    def use_of(organisation_id: Any, purpose: str) -> DataUse:
        key = (organisation_id, purpose)
        if key not in uses:
            uses[key] = DataUse(
                organisation=names.get(organisation_id, "—"),
                purpose=purpose,
                is_own_centre=organisation_id == worker.organisation_id,
            )
        return uses[key]

    for grant in grants:
        use = use_of(grant.organisation_id, grant.purpose)
        use.shared_since = min(filter(None, [use.shared_since, grant.granted_at]))
        use.shared_until = grant.revoked_at or (
            grant.expires_at if grant.expires_at and grant.expires_at < timezone.now() else None
        )
    for row in reads:
        organisation_id = row["organisation_id"]
        own = organisation_id == worker.organisation_id
        # Reads by an organisation are put on its sharing reason; with several, on the first.
        purpose = "" if own else min(purposes_of.get(organisation_id) or {""})
        use = use_of(organisation_id, purpose)
        if row["action"] == AuditAction.EXPORT:
            use.exported += row["n"]
        else:
            use.looked += row["n"]
        use.first = min(filter(None, [use.first, row["first"]]))
        use.last = max(filter(None, [use.last, row["last"]]))
    return sorted(uses.values(), key=lambda u: (not u.is_own_centre, u.organisation, u.purpose))
