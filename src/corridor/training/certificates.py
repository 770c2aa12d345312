"""Certificates: issued on completion with a pass, verifiable by anyone holding the code,
revocable with a reason.

The code is the only key to the public verification page, so it is random (the `secrets`
module) and long enough not to be guessed: 12 characters from an alphabet of 31 that leaves out
the look-alikes 0/O, 1/I/L, about 59 bits. A certificate of the Russian language, history and
law exam course is also recorded as the worker's document of that type, which matching reads.
"""

import datetime
import re
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.core import audit
from corridor.core.audit import Actor
from corridor.core.models import AuditAction
from corridor.people.models import TimelineKind, Worker
from corridor.people.services import add_timeline_event
from corridor.people.timeline import TimelineMessage
from corridor.training.enrolments import require_provider
from corridor.training.models import (
    CERTIFICATE_VALIDITY_YEARS,
    Certificate,
    Cohort,
    CourseType,
    Enrolment,
    EnrolmentStatus,
)
from corridor.training.worker_record import add_language_certificate, remove_language_certificate

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
CODE_PATTERN = re.compile(rf"^[{CODE_ALPHABET}]{{{CODE_LENGTH}}}$")
# Public checks per client address a minute: plenty for a person, too few to scan for codes.
VERIFY_LIMIT = 30


def verify_url(request: HttpRequest, code: str) -> str:
    """The absolute address of a certificate's public page, on the host the user came by."""
    return request.build_absolute_uri(reverse("verify:certificate", args=[code]))


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(typed: str) -> str | None:
    """The code as stored, from what a person typed (any case, spaces or dashes between the
    groups of four); None when it cannot be a code."""
    code = "".join(typed.split()).replace("-", "").upper()
    return code if CODE_PATTERN.match(code) else None


def grouped(code: str) -> str:
    """ABCD-EFGH-JKMN: easier to read out and type from paper."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def initials(worker: Worker) -> str:
    """The holder as the public page shows them: initials of the name as written."""
    parts = (worker.given_name, worker.family_name)
    return " ".join(f"{part.strip()[0]}." for part in parts if part.strip()).upper()[:10]


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


def valid_until_for(course_type: str, issued_on: datetime.date) -> datetime.date | None:
    years = CERTIFICATE_VALIDITY_YEARS.get(course_type)
    return add_years(issued_on, years) - datetime.timedelta(days=1) if years else None


def _unused_code() -> str:
    for _attempt in range(10):
        code = new_code()
        if not Certificate.objects.filter(code=code).exists():
            return code
    raise RuntimeError("Could not draw an unused certificate code.")  # pragma: no cover


@transaction.atomic
def issue_certificate(
    *, actor: Actor, enrolment: Enrolment, issued_on: datetime.date | None = None
) -> Certificate:
    """Issue the certificate of a completed, passed enrolment; audited and on the timeline."""
    require_provider(actor, enrolment.cohort)
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("cohort__course__provider", "worker")
        .get(pk=enrolment.pk)
    )
    if enrolment.status != EnrolmentStatus.COMPLETED or not enrolment.is_passed:
        raise ValidationError(
            {"enrolment": [_("A certificate is issued when the worker completes with a pass.")]}
        )
    existing = Certificate.objects.filter(enrolment=enrolment).first()
    if existing is not None:
        raise ValidationError(
            {
                "enrolment": [
                    _("A certificate was already issued for this enrolment (%(code)s).")
                    % {"code": grouped(existing.code)}
                ]
            }
        )
    cohort, course, worker = enrolment.cohort, enrolment.cohort.course, enrolment.worker
    issued_on = issued_on or timezone.localdate()
    if issued_on > timezone.localdate() or issued_on < cohort.start_date:
        raise ValidationError(
            {"issued_on": [_("The issue date falls between the cohort's start and today.")]}
        )
    certificate = Certificate.objects.create(
        organisation_id=enrolment.organisation_id,
        enrolment=enrolment,
        worker=worker,
        code=_unused_code(),
        holder_initials=initials(worker),
        issued_on=issued_on,
        valid_until=valid_until_for(course.type, issued_on),
        issued_by=actor.user if actor.user.is_authenticated else None,
    )
    if course.type == CourseType.RUSSIAN_EXAM:
        certificate.document = add_language_certificate(
            actor=actor,
            worker=worker,
            number=certificate.code,
            issued_on=certificate.issued_on,
            valid_until=certificate.valid_until,
        )
        certificate.save(update_fields=["document", "updated_at"])
    add_timeline_event(
        worker,
        actor,
        TimelineKind.TRAINING,
        message=TimelineMessage.CERTIFICATE_ISSUED,
        params={"course": course.title},
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=certificate,
        worker_id=worker.pk,
        changes={
            "course": [None, str(course.pk)],
            "issued_on": [None, issued_on.isoformat()],
            "valid_until": [
                None,
                certificate.valid_until.isoformat() if certificate.valid_until else None,
            ],
        },
    )
    return certificate


def certificates_due(cohort: Cohort) -> list[Enrolment]:
    """Enrolments of the cohort completed with a pass and still without a certificate."""
    return list(
        Enrolment.objects.filter(
            cohort=cohort,
            status=EnrolmentStatus.COMPLETED,
            is_passed=True,
            certificate__isnull=True,
        ).order_by("completed_at")
    )


@transaction.atomic
def issue_certificates(
    *, actor: Actor, cohort: Cohort, issued_on: datetime.date | None = None
) -> list[Certificate]:
    """Issue every certificate the cohort owes (see certificates_due)."""
    require_provider(actor, cohort)
    return [
        issue_certificate(actor=actor, enrolment=enrolment, issued_on=issued_on)
        for enrolment in certificates_due(cohort)
    ]


@transaction.atomic
def revoke_certificate(*, actor: Actor, certificate: Certificate, reason: str) -> Certificate:
    """Revoke a certificate (issued in error, fraud): the public page says so from now on, and
    the document matching read is removed."""
    certificate = (
        Certificate.objects.select_for_update(of=("self",))
        .select_related("enrolment__cohort__course", "worker", "document")
        .get(pk=certificate.pk)
    )
    require_provider(actor, certificate.enrolment.cohort)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the certificate is revoked.")]})
    if certificate.revoked_at is not None:
        raise ValidationError({"reason": [_("The certificate is already revoked.")]})
    certificate.revoked_at = timezone.now()
    certificate.revoked_reason = reason[:500]
    certificate.revoked_by = actor.user if actor.user.is_authenticated else None
    document = certificate.document
    certificate.document = None
    certificate.save(
        update_fields=["revoked_at", "revoked_reason", "revoked_by", "document", "updated_at"]
    )
    if document is not None:
        remove_language_certificate(actor=actor, document=document, reason=reason[:500])
    add_timeline_event(
        certificate.worker,
        actor,
        TimelineKind.TRAINING,
        message=TimelineMessage.CERTIFICATE_REVOKED,
        params={"course": certificate.enrolment.cohort.course.title},
        reason=reason[:500],
    )
    audit.record(
        actor=actor,
        action=AuditAction.REVOKE,
        obj=certificate,
        worker_id=certificate.worker_id,
        changes={"reason": [None, reason[:500]]},
    )
    return certificate


@dataclass(frozen=True)
class PublicFacts:
    """What the public verification page and endpoint show: no name, no reference."""

    code: str
    status: str
    status_label: str
    course_title: str
    course_type: str
    course_type_label: str
    provider: str
    issued_on: datetime.date
    valid_until: datetime.date | None
    revoked_on: datetime.date | None
    holder_initials: str


def check_code(typed: str) -> PublicFacts | None:
    """Look up a certificate by its code for the public check; None for a code that is not
    one. Each check of an existing certificate is counted (no personal data is shown, so it
    is not an audited read)."""
    code = normalise_code(typed)
    if code is None:
        return None
    certificate = (
        Certificate.objects.select_related("enrolment__cohort__course__provider")
        .filter(code=code)
        .first()
    )
    if certificate is None:
        return None
    Certificate.objects.filter(pk=certificate.pk).update(
        verification_count=F("verification_count") + 1, last_verified_at=timezone.now()
    )
    course = certificate.enrolment.cohort.course
    status = certificate.status()
    return PublicFacts(
        code=grouped(certificate.code),
        status=status,
        status_label=certificate.status_label(),
        course_title=course.title,
        course_type=course.type,
        course_type_label=str(CourseType(course.type).label),
        provider=course.provider.name,
        issued_on=certificate.issued_on,
        valid_until=certificate.valid_until,
        revoked_on=timezone.localdate(certificate.revoked_at) if certificate.revoked_at else None,
        holder_initials=certificate.holder_initials,
    )
