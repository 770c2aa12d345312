"""Everything Corridor holds on one worker, for that worker: the subject access download.

Data-protection law in Russia (152-FZ), Uzbekistan (the law on personal data, ZRU-547) and
Kyrgyzstan (the law on personal information) gives a person the right to learn, within days,
what an operator holds on them, where it came from and who received it. `everything_held`
is that answer as a JSON-serialisable document; `subject_access_pdf` is the same content to
read and print. Both are for the worker themselves (the portal's pages): the document holds
confidential complaints they filed and who viewed their record.

Every model that reaches a worker is either covered here (`COVERED_MODELS`) or excluded with a
reason (`EXCLUDED_MODELS`); portal/tests/test_subject_access.py walks the installed models and
fails on one in neither, so a new table cannot be forgotten.

What is left out on purpose, and why:
- scans, receipts, contract PDFs and complaint files: their bytes stay behind their own
  downloads; the document says each one exists;
- who among staff did something: the organisation is named, not the person (their names are
  their own personal data);
- from complaints filed by someone else on the worker's behalf: who complained, the messages
  to them, and the complaint itself when that person asked for it to be confidential;
- internal notes of complaint handlers, and why a referral was sent without consent (staff
  only, as on the worker's own pages).
"""

import datetime
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import weasyprint
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Count, Max, Min, Q
from django.db.models.fields.files import FieldFile
from django.db.models.fields.json import KT
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from weasyprint.urls import URLFetcher

from corridor.accounts.models import Organisation, User
from corridor.core.models import AuditAction, AuditEvent
from corridor.core.pdf import FONT_BOLD, FONT_REGULAR, FONTS_DIR
from corridor.grievances.models import ComplainantRelation, Complaint, Confidentiality, MessageKind
from corridor.identity.models import Merge
from corridor.people.models import (
    AccessGrant,
    ConsentRecord,
    Document,
    FamilyMember,
    SignInCode,
    TimelineEvent,
    Worker,
    WorkerLanguage,
    WorkerOccupation,
)
from corridor.people.timeline import render_event
from corridor.recruitment.models import (
    Application,
    Contract,
    JobProfile,
    Payment,
    VacancyInterest,
)
from corridor.support.models import GroupMember, Referral
from corridor.training.models import Certificate, Enrolment

SCHEMA_VERSION = 1
TEMPLATE = "portal/subject_access_pdf.html"

# Each model that reaches a worker, and the part of the document that shows its rows.
COVERED_MODELS: dict[str, str] = {
    "people.Worker": "worker",
    "people.WorkerLanguage": "languages",
    "people.WorkerOccupation": "occupations",
    "people.Document": "documents",
    "people.FamilyMember": "family",
    "people.ConsentRecord": "consents",
    "people.AccessGrant": "sharing_grants",
    "people.TimelineEvent": "timeline",
    "people.SignInCode": "sign_in_codes",
    "identity.Merge": "merged_records",
    "recruitment.JobProfile": "job_profiles",
    "recruitment.VacancyInterest": "vacancy_interests",
    "recruitment.Application": "applications",
    "recruitment.ApplicationStep": "applications",
    "recruitment.Contract": "contracts",
    "recruitment.Payment": "payments",
    "training.Enrolment": "enrolments",
    "training.Attendance": "enrolments",
    "training.Certificate": "certificates",
    "support.Referral": "referrals",
    "support.ReferralStep": "referrals",
    "support.GroupMember": "groups",
    "support.MeetingAttendance": "groups",
    "grievances.Complaint": "complaints",
    "grievances.ComplaintStep": "complaints",
    "grievances.ComplaintMessage": "complaints",
    "grievances.ComplaintAttachment": "complaints",
}

# Models that reach a worker and are not in the document, each with the reason. Adding one
# here is a decision about the worker's right of access, not a way round the test.
EXCLUDED_MODELS: dict[str, str] = {
    "people.WorkerNameKey": "search keys computed from the names, which the document shows",
    "recruitment.MatchFeatures": "matching's derived copy of the registry (languages, "
    "documents, job profile, stage), all shown from their own records",
    "recruitment.MatchOccupation": "matching's derived copy of the worker's occupations, "
    "shown from people.WorkerOccupation",
    "identity.DuplicatePair": "identity linkage internals: the model's score that two records "
    "may be one person; a merge that followed is shown (merged_records)",
    "support.ReferralReminder": "a reminder to staff that a referral is overdue; the referral "
    "and its due date are shown",
    "grievances.ComplaintReminder": "a reminder to handlers that a complaint is overdue; the "
    "complaint and its due date are shown",
}

# Audit actions by which someone saw or received the worker's data.
DISCLOSING_ACTIONS = (AuditAction.VIEW, AuditAction.EXPORT, AuditAction.GRANT)
# An id at the end of what a view names ("document file <uuid>"): one group per kind of part.
TRAILING_ID = re.compile(r"\s+[0-9a-fA-F-]{32,36}$")


def everything_held(worker: Worker) -> dict[str, Any]:
    """Everything Corridor holds on `worker` (and on the duplicate records merged into it), as
    a JSON-serialisable document: choices as code and label in the active language, dates
    and times as ISO 8601 (times in UTC), money as decimal text."""
    ids = worker.record_ids()
    return {
        "schema_version": SCHEMA_VERSION,
        "generated_at": _iso(timezone.now()),
        "language": get_language(),
        "controller": worker.organisation.name,
        **_registry(worker, ids),
        "merged_records": _merges(ids),
        **_recruitment(ids),
        **_training(ids),
        **_support(ids),
        "complaints": _complaints(worker, ids),
        "disclosures": _disclosures(worker, ids),
    }


# Values ----------------------------------------------------------------------------------


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _coded(code: Any, label: Any) -> dict[str, str]:
    return {"code": str(code), "label": str(label)}


def _choice(obj: models.Model, field: str) -> dict[str, str] | None:
    """A choice as its stored code and its label in the active language."""
    code = getattr(obj, field)
    if code in ("", None):
        return None
    labels = dict(getattr(obj._meta.get_field(field), "flatchoices", ()))
    return _coded(code, labels.get(code, code))


def _value(obj: models.Model, name: str) -> Any:
    """One field as JSON: a choice or reference row as code and label, an organisation by
    name, a date as ISO text, money as decimal text, a file as whether there is one."""
    try:
        field: Any = obj._meta.get_field(name)
    except FieldDoesNotExist:  # a property, such as a worker's full name
        field = None
    if getattr(field, "choices", None):
        return _choice(obj, name)
    value = getattr(obj, name)
    if isinstance(value, Organisation):
        return value.name
    if isinstance(value, models.Model):  # reference data: countries, regions, ISCO groups
        return _coded(value.pk, getattr(value, "name", None) or getattr(value, "title", ""))
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, FieldFile):  # the bytes stay behind their own audited download
        return bool(value)
    return value


def _values(obj: models.Model, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: _value(obj, name) for name in names}


def _steps(rows: Iterable[models.Model], why: str) -> list[dict[str, Any]]:
    """The history of an application, referral or complaint: when, from, to and why."""
    return [_values(row, ("at", "from_status", "to_status", why)) for row in rows]


# The registry (people) ---------------------------------------------------------------------

IDENTITY = (
    "reference", "family_name", "given_name", "patronymic", "name_script",
    "family_name_latin", "given_name_latin", "patronymic_latin", "sex", "birth_date",
    "citizenship", "home_region", "phone", "messenger_handle", "education_level", "skills",
    "stage", "stage_changed_at", "organisation", "created_at", "updated_at",
)  # fmt: skip
# The worker's own login, if they have one (never its password or codes).
ACCOUNT = ("email", "phone", "full_name", "language", "is_active", "date_joined", "last_login")
DOCUMENT = (
    "type", "number", "issuing_country", "issue_date", "expiry_date", "mrz",
    "is_mrz_verified", "file", "file_content_type", "organisation", "created_at",
)  # fmt: skip
FAMILY = ("relation", "full_name", "birth_date", "is_dependant", "organisation", "created_at")
CONSENT = ("purpose", "is_given", "method", "recorded_at", "valid_until", "note", "organisation")
GRANT = ("purpose", "reason", "granted_at", "expires_at", "revoked_at")
TIMELINE = ("at", "kind", "from_stage", "to_stage", "reason", "organisation")
# Codes to sign in by phone: when and to which phone, never the code's hash.
SIGN_IN_CODE = (
    "phone", "consent_method", "issued_at", "expires_at", "used_at", "failed_attempts",
    "voided_at",
)  # fmt: skip


def _timeline_message(event: TimelineEvent) -> dict[str, str] | None:
    """An entry's code and its sentence in the active language (its parameters filled in)."""
    return _coded(event.message, render_event(event)) if event.message else None


def _registry(worker: Worker, ids: list[Any]) -> dict[str, Any]:
    """The worker's record in `people`: identity, documents, family, consent, sharing. A
    merge moves most rows to the kept record; languages, occupations and sign-in codes stay
    on the record merged into it, and are the person's all the same."""
    now = timezone.now()
    mine = Q(worker__in=ids)
    grants = AccessGrant.objects.filter(mine).select_related(
        "organisation", "granted_by_organisation"
    )
    return {
        "worker": _values(worker, IDENTITY),
        "account": _values(worker.user, ACCOUNT) if worker.user else None,
        "languages": [
            _values(row, ("language", "level"))
            for row in WorkerLanguage.objects.filter(mine)
            .select_related("language")
            .order_by("language_id", "id")
        ],
        "occupations": [
            _values(row, ("isco", "years_experience"))
            for row in WorkerOccupation.objects.filter(mine)
            .select_related("isco")
            .order_by("isco_id", "id")
        ],
        "documents": [
            _values(row, DOCUMENT)
            for row in Document.objects.filter(mine)
            .select_related("issuing_country", "organisation")
            .order_by("created_at", "id")
        ],
        "family": [
            _values(row, FAMILY)
            for row in FamilyMember.objects.filter(mine)
            .select_related("organisation")
            .order_by("created_at", "id")
        ],
        # Every statement of consent, oldest first: the newest per purpose is in force.
        "consents": [
            _values(row, CONSENT)
            for row in ConsentRecord.objects.filter(mine)
            .select_related("organisation")
            .order_by("recorded_at", "id")
        ],
        "sharing_grants": [
            {
                "shared_with": grant.organisation.name,
                "shared_by": grant.granted_by_organisation.name,
                **_values(grant, GRANT),
                "in_force": grant.revoked_at is None
                and (grant.expires_at is None or grant.expires_at > now),
            }
            for grant in grants.order_by("granted_at", "id")
        ],
        "timeline": [
            {**_values(row, TIMELINE), "message": _timeline_message(row)}
            for row in TimelineEvent.objects.filter(mine)
            .select_related("organisation")
            .order_by("at", "id")
        ],
        "sign_in_codes": [
            _values(row, SIGN_IN_CODE)
            for row in SignInCode.objects.filter(mine).order_by("issued_at", "id")
        ],
    }


def _merges(ids: list[Any]) -> list[dict[str, Any]]:
    """Duplicate records of the same person merged into this one (their rows are its)."""
    merges = Merge.objects.filter(kept__in=ids).select_related("merged", "organisation")
    return [
        {
            **_values(merge.merged, ("reference", "full_name", "birth_date")),
            **_values(merge, ("merged_at", "undone_at", "organisation")),
        }
        for merge in merges.order_by("merged_at", "id")
    ]


# Recruitment -------------------------------------------------------------------------------

JOB_PROFILE = (
    "expected_wage_rub", "available_from", "driving_licences", "accepts_rotation", "updated_at"
)  # fmt: skip
VACANCY = ("title", "employer", "recruiter", "region")
OFFER = (
    "offered_wage_rub", "offered_hours_per_week", "offered_housing", "offered_housing_cost_rub",
    "offered_start_date", "offered_contract_months", "offered_at",
)  # fmt: skip
APPLICATION = (
    "status", "status_changed_at", "match_score", "match_explanation", "end_reason",
    "created_at",
)  # fmt: skip
CONTRACT = (
    "language", "terms", "pdf", "received_at", "actual_terms", "actual_recorded_at",
    "substitutions", "is_substituted", "created_at",
)  # fmt: skip
PAYMENT = (
    "paid_on", "purpose", "payee_type", "amount", "currency", "rate_to_rub", "amount_rub",
    "should_employer_pay", "recruiter", "note", "receipt", "organisation", "recorded_at",
)  # fmt: skip


def _recruitment(ids: list[Any]) -> dict[str, Any]:
    """What the worker looks for, the vacancies they said they want, their applications,
    contracts and what they paid."""
    profiles = JobProfile.objects.filter(worker__in=ids).prefetch_related("preferred_regions")
    applications = (
        Application.objects.filter(worker__in=ids)
        .select_related("vacancy__employer", "vacancy__region", "vacancy__recruiter")
        .prefetch_related("steps__by_organisation")
    )
    interests = VacancyInterest.objects.filter(worker__in=ids).select_related(
        "vacancy__employer", "vacancy__recruiter", "vacancy__region"
    )
    contracts = Contract.objects.filter(worker__in=ids).select_related("application__vacancy")
    payments = Payment.objects.filter(worker__in=ids).select_related(
        "payee_organisation", "recruiter", "organisation"
    )
    return {
        "job_profiles": [
            {
                "preferred_regions": [
                    _coded(r.pk, r.name) for r in profile.preferred_regions.all()
                ],
                **_values(profile, JOB_PROFILE),
            }
            for profile in profiles.order_by("created_at")
        ],
        "vacancy_interests": [
            {**_values(interest.vacancy, VACANCY), "at": _iso(interest.at)}
            for interest in interests.order_by("at", "id")
        ],
        "applications": [
            {
                "id": str(application.pk),
                **_values(application.vacancy, VACANCY),
                **_values(application, APPLICATION),
                "offer": _values(application, OFFER) if application.offered_at else None,
                "steps": [
                    {
                        **_values(step, ("at", "from_status", "to_status", "reason")),
                        "organisation": _value(step, "by_organisation"),
                    }
                    for step in application.steps.all()
                ],
            }
            for application in applications.order_by("created_at", "id")
        ],
        "contracts": [
            {
                "application": str(contract.application_id),
                "title": contract.application.vacancy.title,
                **_values(contract, CONTRACT),
            }
            for contract in contracts.order_by("created_at", "id")
        ],
        "payments": [
            {
                **_values(payment, PAYMENT),
                "payee": _value(payment, "payee_organisation") or payment.payee_name,
                "application": str(payment.application_id) if payment.application_id else None,
            }
            for payment in payments.order_by("paid_on", "recorded_at", "id")
        ],
    }


# Training, support, grievances -------------------------------------------------------------

ENROLMENT = (
    "status", "waiting_number", "enrolled_at", "dropped_at", "drop_reason", "score",
    "is_passed", "assessed_at", "completed_at",
)  # fmt: skip
CERTIFICATE = (
    "code", "issued_on", "valid_until", "revoked_at", "revoked_reason", "verification_count",
    "last_verified_at",
)  # fmt: skip
REFERRAL = (
    "category", "reason", "status", "sent_at", "due_date", "decline_reason", "cancel_reason",
    "outcome", "completed_at", "feedback_rating", "feedback_comment", "feedback_at",
)  # fmt: skip
COMPLAINT = (
    "tracking_code", "channel", "category", "description", "confidentiality",
    "complainant_relation", "status", "status_changed_at", "due_on", "outcome", "resolution",
    "rejection_reason", "resolved_at", "created_at",
)  # fmt: skip


def _course(cohort: Any) -> dict[str, Any]:
    return {"course": cohort.course.title, "provider": cohort.course.provider.name}


def _training(ids: list[Any]) -> dict[str, Any]:
    enrolments = (
        Enrolment.objects.filter(worker__in=ids)
        .select_related("cohort__course__provider")
        .prefetch_related("attendance__session")
    )
    certificates = Certificate.objects.filter(worker__in=ids).select_related(
        "enrolment__cohort__course__provider"
    )
    return {
        "enrolments": [
            {
                **_course(enrolment.cohort),
                **_values(enrolment.cohort, ("start_date", "end_date", "place")),
                **_values(enrolment, ENROLMENT),
                "attendance": [
                    {"date": _iso(mark.session.date), "status": _choice(mark, "status")}
                    for mark in sorted(enrolment.attendance.all(), key=lambda m: m.session.date)
                ],
            }
            for enrolment in enrolments.order_by("created_at", "id")
        ],
        "certificates": [
            {
                **_course(certificate.enrolment.cohort),
                **_values(certificate, CERTIFICATE),
                "status": _coded(certificate.status(), certificate.status_label()),
            }
            for certificate in certificates.order_by("issued_on", "id")
        ],
    }


def _support(ids: list[Any]) -> dict[str, Any]:
    referrals = (
        Referral.objects.filter(worker__in=ids)
        .select_related("partner", "service", "family_member")
        .prefetch_related("steps")
    )
    members = (
        GroupMember.objects.filter(worker__in=ids)
        .select_related("group__organisation", "family_member")
        .prefetch_related("attendance__meeting")
    )
    return {
        "referrals": [
            {
                "partner": referral.partner.name,
                "service": referral.service.name,
                "family_member": _family_name(referral.family_member),
                **_values(referral, REFERRAL),
                # That it was sent without consent, not the staff's reason (as on the timeline).
                "sent_without_consent": referral.is_urgent,
                "steps": _steps(referral.steps.all(), "note"),
            }
            for referral in referrals.order_by("sent_at", "id")
        ],
        "groups": [
            {
                "group": member.group.name,
                "organisation": member.group.organisation.name,
                "locality": member.group.locality,
                "family_member": _family_name(member.family_member),
                **_values(member, ("joined_on", "left_on")),
                "meetings": [
                    {"held_on": _iso(mark.meeting.held_on), "is_present": mark.is_present}
                    for mark in sorted(member.attendance.all(), key=lambda m: m.meeting.held_on)
                ],
            }
            for member in members.order_by("joined_on", "created_at")
        ],
    }


def _family_name(member: FamilyMember | None) -> str | None:
    return member.full_name if member is not None else None


def _complaints(worker: Worker, ids: list[Any]) -> list[dict[str, Any]]:
    """Complaints the worker filed, and those naming them that someone filed openly on their
    behalf (a confidential one stays that person's: who complained is never shown)."""
    filed_by_worker = Q(worker__in=ids, complainant_relation=ComplainantRelation.WORKER)
    if worker.user_id is not None:
        filed_by_worker |= Q(filed_by_id=worker.user_id)
    naming = Q(worker__in=ids, confidentiality=Confidentiality.NORMAL)
    complaints = (
        Complaint.objects.filter(filed_by_worker | naming)
        .select_related("against_organisation")
        .prefetch_related("steps", "attachments", "messages")
        .order_by("created_at", "id")
    )
    own = set(Complaint.objects.filter(filed_by_worker).values_list("pk", flat=True))
    return [_complaint(complaint, is_own=complaint.pk in own) for complaint in complaints]


def _complaint(complaint: Complaint, *, is_own: bool) -> dict[str, Any]:
    return {
        **_values(complaint, COMPLAINT),
        "filed_by_you": is_own,
        "against": complaint.against_label,
        "complainant_name": complaint.complainant_name if is_own else None,
        "complainant_contact": complaint.complainant_contact if is_own else None,
        "steps": _steps(complaint.steps.all(), "note"),
        # What the handlers told the complainant; their internal notes are not the worker's.
        "messages": [
            _values(message, ("at", "text"))
            for message in complaint.messages.all()
            if is_own and message.kind == MessageKind.TO_COMPLAINANT
        ],
        "attachments": [
            _values(attachment, ("content_type", "size", "added_at"))
            for attachment in complaint.attachments.all()
        ],
    }


# Who saw or received the data ---------------------------------------------------------------


def _record_type(label: str) -> dict[str, str] | None:
    """The audited record type ("people.worker") as code and the model's translated name."""
    if not label:
        return None
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return _coded(label, label)
    return _coded(label, model._meta.verbose_name)


def _disclosures(worker: Worker, ids: list[Any]) -> list[dict[str, Any]]:
    """Who viewed, exported or was given the worker's data: one row per organisation, action,
    record type and part, with how many times and the first and last time. The worker's own
    visits are left out (as on their own record page)."""
    events = AuditEvent.objects.filter(worker_id__in=ids, action__in=DISCLOSING_ACTIONS)
    if worker.user_id is not None:
        events = events.exclude(actor_id=worker.user_id)
    rows = (
        events.order_by()
        .values("organisation_id", "action", "object_type", part=KT("changes__part"))
        .annotate(count=Count("id"), first=Min("at"), last=Max("at"))
    )
    grouped: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in rows:
        part = TRAILING_ID.sub("", row["part"] or "")
        key = (row["organisation_id"], row["action"], row["object_type"], part)
        group = grouped.setdefault(key, {"count": 0, "first": row["first"], "last": row["last"]})
        group["count"] += row["count"]
        group["first"] = min(group["first"], row["first"])
        group["last"] = max(group["last"], row["last"])
    names = Organisation.objects.in_bulk({key[0] for key in grouped if key[0] is not None})
    labels = dict(AuditAction.choices)
    result = [
        {
            "organisation": names[organisation_id].name if organisation_id in names else None,
            "action": _coded(action, labels.get(action, action)),
            "record_type": _record_type(object_type),
            "part": part,
            "count": group["count"],
            "first_at": _iso(group["first"]),
            "last_at": _iso(group["last"]),
        }
        for (organisation_id, action, object_type, part), group in grouped.items()
    ]
    return sorted(result, key=lambda row: (row["last_at"] or "", row["count"]), reverse=True)


# The PDF ------------------------------------------------------------------------------------

# The sections in print, in this order, each with the model whose field names label its rows
# (the document's other keys are in the heading).
PDF_SECTIONS: tuple[tuple[str, type[models.Model] | None, Any], ...] = (
    ("worker", Worker, gettext_lazy("Your details")),
    ("account", User, gettext_lazy("Your login")),
    ("languages", WorkerLanguage, gettext_lazy("Languages")),
    ("occupations", WorkerOccupation, gettext_lazy("Occupations")),
    ("job_profiles", JobProfile, gettext_lazy("Work you look for")),
    ("documents", Document, gettext_lazy("Documents")),
    ("family", FamilyMember, gettext_lazy("Family")),
    ("consents", ConsentRecord, gettext_lazy("Consent")),
    ("sharing_grants", AccessGrant, gettext_lazy("Shared with")),
    ("timeline", TimelineEvent, gettext_lazy("Timeline")),
    ("sign_in_codes", SignInCode, gettext_lazy("Sign-in codes")),
    ("merged_records", Merge, gettext_lazy("Duplicate records merged into yours")),
    ("vacancy_interests", VacancyInterest, gettext_lazy("Vacancies you showed interest in")),
    ("applications", Application, gettext_lazy("Job applications")),
    ("contracts", Contract, gettext_lazy("Contracts")),
    ("payments", Payment, gettext_lazy("Payments")),
    ("enrolments", Enrolment, gettext_lazy("Training")),
    ("certificates", Certificate, gettext_lazy("Certificates")),
    ("referrals", Referral, gettext_lazy("Referrals")),
    ("groups", GroupMember, gettext_lazy("Mutual-assistance groups")),
    ("complaints", Complaint, gettext_lazy("Complaints")),
    ("disclosures", None, gettext_lazy("Who viewed or received your data")),
)

# Labels of the keys that are no field of their section's model (or whose field has no
# translated name): rows of nested records, the contract's terms and derived values.
LABELS: dict[str, Any] = {
    "reference": gettext_lazy("reference number"),
    "full_name": gettext_lazy("name"),
    "birth_date": gettext_lazy("date of birth"),
    "file_content_type": gettext_lazy("file type"),
    "shared_with": gettext_lazy("shared with"),
    "shared_by": gettext_lazy("shared by"),
    "in_force": gettext_lazy("in force"),
    "id": gettext_lazy("identifier"),
    "employer": gettext_lazy("employer"),
    "recruiter": gettext_lazy("recruiter"),
    "region": gettext_lazy("region"),
    "offer": gettext_lazy("offer"),
    "steps": gettext_lazy("history"),
    "at": gettext_lazy("when"),
    "from_status": gettext_lazy("from"),
    "to_status": gettext_lazy("to"),
    "reason": gettext_lazy("why"),
    "note": gettext_lazy("why"),
    "organisation": gettext_lazy("organisation"),
    "application": gettext_lazy("application"),
    "payee": gettext_lazy("name of who was paid"),
    "course": gettext_lazy("course"),
    "provider": gettext_lazy("training provider"),
    "start_date": gettext_lazy("start date"),
    "end_date": gettext_lazy("ends"),
    "place": gettext_lazy("place"),
    "attendance": gettext_lazy("attendance"),
    "date": gettext_lazy("date"),
    "partner": gettext_lazy("partner"),
    "service": gettext_lazy("service"),
    "family_member": gettext_lazy("family member"),
    "sent_without_consent": gettext_lazy("sent without your consent"),
    "group": gettext_lazy("group"),
    "locality": gettext_lazy("town or village"),
    "meetings": gettext_lazy("meetings"),
    "held_on": gettext_lazy("date"),
    "is_present": gettext_lazy("present"),
    "filed_by_you": gettext_lazy("filed by you"),
    "against": gettext_lazy("against"),
    "messages": gettext_lazy("messages to you"),
    "text": gettext_lazy("message"),
    "attachments": gettext_lazy("attachments"),
    "content_type": gettext_lazy("file type"),
    "size": gettext_lazy("size (bytes)"),
    "added_at": gettext_lazy("added"),
    "action": gettext_lazy("action"),
    "record_type": gettext_lazy("record type"),
    "part": gettext_lazy("part of the record"),
    "count": gettext_lazy("how many times"),
    "first_at": gettext_lazy("first time"),
    "last_at": gettext_lazy("last time"),
    # The contract's agreed terms (recruitment.contract_pdf documents the keys).
    "number": gettext_lazy("number"),
    "worker": gettext_lazy("worker"),
    "job": gettext_lazy("occupation"),
    "workplace": gettext_lazy("workplace"),
    "wage_rub": gettext_lazy("monthly wage (RUB, gross)"),
    "hours_per_week": gettext_lazy("hours per week"),
    "schedule": gettext_lazy("schedule"),
    "rotation_days_on": gettext_lazy("rotation: days on"),
    "rotation_days_off": gettext_lazy("rotation: days off"),
    "housing": gettext_lazy("housing"),
    "housing_cost_rub": gettext_lazy("housing cost (RUB a month)"),
    "meals": gettext_lazy("meals"),
    "transport": gettext_lazy("transport"),
    "contract_months": gettext_lazy("contract length (months)"),
    "term_ground": gettext_lazy("ground for a fixed term"),
    "name": gettext_lazy("name"),
    "inn": gettext_lazy("INN"),
    "ogrn": gettext_lazy("OGRN"),
    "region_name": gettext_lazy("region"),
    "region_code": gettext_lazy("region code"),
    "address": gettext_lazy("address"),
    "licence_number": gettext_lazy("licence number"),
    "licence_valid_until": gettext_lazy("licence valid until"),
    "full_name_latin": gettext_lazy("name (Latin)"),
    "citizenship": gettext_lazy("citizenship"),
    "passport_number": gettext_lazy("passport number"),
    "work_permit": gettext_lazy("work permit"),
    "title": gettext_lazy("title"),
    "isco_code": gettext_lazy("ISCO-08 code"),
    "isco_title_ru": gettext_lazy("ISCO-08 title (Russian)"),
    "isco_title_en": gettext_lazy("ISCO-08 title (English)"),
}
DASH = "—"
ISO_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})")


def _label(key: str, model: type[models.Model] | None = None) -> str:
    """A key's label: its model field's translated name, else LABELS, else the key."""
    if model is not None:
        try:
            name = getattr(model._meta.get_field(key), "verbose_name", None)
        except FieldDoesNotExist:
            name = None
        if isinstance(name, Promise):  # a name of Django's own making is not translated
            return str(name)
    return str(LABELS[key]) if key in LABELS else key.replace("_", " ")


def _text(value: Any, model: type[models.Model] | None = None) -> str:
    """One value as text to read: choices by label, times to the minute in UTC."""
    if value is None or value == "" or value == []:
        return DASH
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, str):
        moment = ISO_TIME.match(value)
        return f"{moment.group(1)} {moment.group(2)} UTC" if moment else value
    if isinstance(value, Mapping):
        if value.keys() == {"code", "label"}:
            return str(value["label"])
        return "; ".join(f"{_label(key, model)}: {_text(item)}" for key, item in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_text(item) for item in value)
    return str(value)


def _rows(record: Mapping[str, Any], model: type[models.Model] | None) -> list[dict[str, Any]]:
    """A record's fields as label and lines; a list of records (steps, attendance) is one line
    each."""
    rows = []
    for key, value in record.items():
        if isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
            lines = [_text(item) for item in value]
        else:
            lines = [_text(value, model)]
        rows.append({"label": _label(key, model), "lines": lines})
    return rows


def pdf_sections(document: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The document's sections as the PDF prints them: a title, and each record's rows."""
    sections = []
    for key, model, title in PDF_SECTIONS:
        value = document[key]
        items = value if isinstance(value, list) else [value] if value else []
        sections.append(
            {"key": key, "title": str(title), "records": [_rows(item, model) for item in items]}
        )
    return sections


def subject_access_html(document: Mapping[str, Any]) -> str:
    identity = document["worker"]
    names = (identity["family_name"], identity["given_name"], identity["patronymic"])
    return render_to_string(
        TEMPLATE,
        {
            "document": document,
            "reference": identity["reference"],
            "full_name": " ".join(name for name in names if name),
            "generated_at": _text(document["generated_at"]),
            "sections": pdf_sections(document),
            "font_regular": FONT_REGULAR.as_uri(),
            "font_bold": FONT_BOLD.as_uri(),
        },
    )


class _LocalFetcher(URLFetcher):
    """Fetches only the bundled fonts: the download never loads anything from the network."""

    allowed = frozenset({FONT_REGULAR.as_uri(), FONT_BOLD.as_uri()})

    def fetch(self, url: str, headers: Any = None) -> Any:
        if url not in self.allowed:
            raise ValueError(f"The subject access PDF may only load its bundled fonts, not {url}")
        return super().fetch(url, headers)


def subject_access_document(document: Mapping[str, Any]) -> weasyprint.Document:
    """The document laid out in pages (WeasyPrint), before it is written as PDF."""
    return weasyprint.HTML(
        string=subject_access_html(document),
        base_url=FONTS_DIR.as_uri() + "/",
        url_fetcher=_LocalFetcher(fail_on_errors=True),
    ).render()


def subject_access_pdf(worker: Worker) -> bytes:
    """Everything Corridor holds on `worker` (`everything_held`) as A4 PDF bytes, in the
    active language."""
    pdf = subject_access_document(everything_held(worker)).write_pdf()
    assert pdf is not None  # write_pdf returns the bytes when no target is given
    return pdf
