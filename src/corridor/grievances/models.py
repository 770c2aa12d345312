"""Complaints: the channel every worker (or their family) can reach, with confidentiality.

A complaint belongs to the organisation that handles it (the programme office). It may be
against an organisation (a recruiter, an employer); that organisation never sees it, nor who
complained. Identity is kept as the complainant chose: shown to handlers (normal), shown only to
those allowed to see confidential complainants (confidential), or never stored (anonymous).
"""

import secrets
import uuid
from datetime import date, timedelta
from typing import Any, ClassVar, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from corridor.accounts.models import Organisation, User
from corridor.accounts.roles import Permission
from corridor.core.bounds import DATE_BOUNDS
from corridor.core.models import TimestampedModel, UUIDModel, organisation_owned
from corridor.core.scoping import ScopedQuerySet, ThroughParentQuerySet
from corridor.people.models import Worker


class Category(models.TextChoices):
    RECRUITMENT_FEES = "recruitment_fees", _("recruitment fees charged to the worker")
    CONTRACT_SUBSTITUTION = "contract_substitution", _("contract substitution")
    UNPAID_WAGES = "unpaid_wages", _("unpaid wages")
    RETAINED_DOCUMENTS = "retained_documents", _("identity documents retained")
    UNSAFE_WORK = "unsafe_work", _("unsafe work")
    HOUSING = "housing", _("housing")
    ABUSE = "abuse", _("abuse, threats or violence")
    DISCRIMINATION = "discrimination", _("discrimination")
    OTHER = "other", _("other")


# Days a handler has to act on a complaint, from the day it is received. A worker without their
# passport, in danger at work or abused cannot wait: 3 days. Money owed (wages, fees) takes
# evidence from both sides: 10 days. Everything else: 14 days. One table, changed here only.
RESPONSE_DAYS: dict[str, int] = {
    Category.RETAINED_DOCUMENTS: 3,
    Category.UNSAFE_WORK: 3,
    Category.ABUSE: 3,
    Category.UNPAID_WAGES: 10,
    Category.RECRUITMENT_FEES: 10,
    Category.CONTRACT_SUBSTITUTION: 14,
    Category.HOUSING: 14,
    Category.DISCRIMINATION: 14,
    Category.OTHER: 14,
}


def due_date(category: str, received_on: date) -> date:
    return received_on + timedelta(days=RESPONSE_DAYS[category])


class Confidentiality(models.TextChoices):
    NORMAL = "normal", _("normal: handlers see who complained")
    CONFIDENTIAL = "confidential", _("confidential: only designated staff see who complained")
    ANONYMOUS = "anonymous", _("anonymous: no name or contact is kept")


class ComplaintStatus(models.TextChoices):
    # With a context: "closed" or "rejected" of a complaint may translate unlike a vacancy's.
    RECEIVED = "received", pgettext_lazy("complaint", "received")
    IN_REVIEW = "in_review", pgettext_lazy("complaint", "in review")
    INVESTIGATING = "investigating", pgettext_lazy("complaint", "being investigated")
    RESOLVED = "resolved", pgettext_lazy("complaint", "resolved")
    CLOSED = "closed", pgettext_lazy("complaint", "closed")
    REJECTED = "rejected", pgettext_lazy("complaint", "rejected")


OPEN_STATUSES = frozenset(
    {ComplaintStatus.RECEIVED, ComplaintStatus.IN_REVIEW, ComplaintStatus.INVESTIGATING}
)

# Where a complaint may go from each status. Resolved and rejected complaints can be reopened
# (new evidence, a refund that never came); a closed one is final.
NEXT_STATUSES: dict[str, tuple[str, ...]] = {
    ComplaintStatus.RECEIVED: (
        ComplaintStatus.IN_REVIEW,
        ComplaintStatus.INVESTIGATING,
        ComplaintStatus.RESOLVED,
        ComplaintStatus.REJECTED,
        ComplaintStatus.CLOSED,
    ),
    ComplaintStatus.IN_REVIEW: (
        ComplaintStatus.INVESTIGATING,
        ComplaintStatus.RESOLVED,
        ComplaintStatus.REJECTED,
        ComplaintStatus.CLOSED,
    ),
    ComplaintStatus.INVESTIGATING: (
        ComplaintStatus.IN_REVIEW,
        ComplaintStatus.RESOLVED,
        ComplaintStatus.REJECTED,
        ComplaintStatus.CLOSED,
    ),
    ComplaintStatus.RESOLVED: (ComplaintStatus.CLOSED, ComplaintStatus.IN_REVIEW),
    ComplaintStatus.REJECTED: (ComplaintStatus.CLOSED, ComplaintStatus.IN_REVIEW),
    ComplaintStatus.CLOSED: (),
}


class Outcome(models.TextChoices):
    REFUND_OBTAINED = "refund_obtained", _("fees refunded to the worker")
    WAGES_PAID = "wages_paid", _("wages paid")
    DOCUMENTS_RETURNED = "documents_returned", _("documents returned")
    CONTRACT_CORRECTED = "contract_corrected", _("contract corrected")
    REFERRED_TO_INSPECTORATE = "referred_to_inspectorate", _("referred to the labour inspectorate")
    REFERRED_TO_LEGAL_AID = "referred_to_legal_aid", _("referred to legal aid")
    VIOLATION_CONFIRMED = "violation_confirmed", _("violation confirmed, other remedy")
    NO_VIOLATION_FOUND = "no_violation_found", _("no violation found")
    WITHDRAWN = "withdrawn", _("withdrawn by the complainant")


# Outcomes that find the complaint well founded; they count against the organisation's record.
UPHELD_OUTCOMES = frozenset(
    {
        Outcome.REFUND_OBTAINED,
        Outcome.WAGES_PAID,
        Outcome.DOCUMENTS_RETURNED,
        Outcome.CONTRACT_CORRECTED,
        Outcome.REFERRED_TO_INSPECTORATE,
        Outcome.VIOLATION_CONFIRMED,
    }
)


class ComplainantRelation(models.TextChoices):
    WORKER = "worker", _("the worker")
    FAMILY = "family", _("a family member of the worker")
    OTHER = "other", _("someone else, on the worker's behalf")


class Channel(models.TextChoices):
    PUBLIC_FORM = "public_form", _("public form")
    SELF_SERVICE = "self_service", _("worker's self-service")
    STAFF = "staff", _("staff, on someone's behalf")
    API = "api", _("API")


# Letters and digits nobody confuses when reading a code aloud or off a phone screen: no 0/O,
# 1/I/L. 31**10 (about 8 * 10**14) codes: guessing one is hopeless, and lookups are rate-limited.
TRACKING_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
TRACKING_CODE_LENGTH = 10


def new_tracking_code() -> str:
    return "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_CODE_LENGTH))


def normalise_tracking_code(typed: str) -> str:
    """What a person types ("abcde-fghjk ") as the stored code."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())[:20]


def handling_organisation_ids(user: User) -> list[uuid.UUID]:
    return user.organisation_ids_with(Permission.HANDLE_COMPLAINTS) if user.is_authenticated else []


class ComplaintQuerySet(ScopedQuerySet["Complaint"]):
    def scope(self, user: Any) -> Self:
        """Complaints a handler may see: those of the organisations where they handle
        complaints, never one against an organisation they belong to."""
        handling = handling_organisation_ids(user)
        if not handling:
            return self.none()
        own = [m.organisation_id for m in user.active_memberships]
        return self.filter(organisation_id__in=handling).exclude(against_organisation_id__in=own)

    def of_complainant(self, user: User) -> "ComplaintQuerySet":
        """A worker's own complaints (anonymous ones are linked to nobody)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(worker__user=user)

    def open(self) -> "ComplaintQuerySet":
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: date | None = None) -> "ComplaintQuerySet":
        return self.open().filter(due_on__lt=today or timezone.localdate())

    def against(self, organisation: Organisation) -> "ComplaintQuerySet":
        return self.filter(against_organisation=organisation)


@organisation_owned
class Complaint(TimestampedModel):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("handled by"), on_delete=models.PROTECT, related_name="+"
    )
    tracking_code = models.CharField(
        _("tracking code"), max_length=20, unique=True, default=new_tracking_code, editable=False
    )
    channel = models.CharField(_("filed through"), max_length=20, choices=Channel.choices)
    category = models.CharField(_("what it is about"), max_length=30, choices=Category.choices)
    description = models.TextField(_("what happened"), max_length=5000)
    against_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("against (organisation)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # When the organisation is not in the system: as the complainant wrote it.
    against_name = models.CharField(_("against (name)"), max_length=200, blank=True)
    confidentiality = models.CharField(
        _("confidentiality"),
        max_length=20,
        choices=Confidentiality.choices,
        default=Confidentiality.NORMAL,
    )
    # The complainant. All empty for an anonymous complaint: identity is never stored.
    complainant_relation = models.CharField(
        _("complainant is"), max_length=10, choices=ComplainantRelation.choices
    )
    complainant_name = models.CharField(_("complainant's name"), max_length=200, blank=True)
    complainant_contact = models.CharField(
        _("how to reach the complainant"), max_length=200, blank=True
    )
    worker = models.ForeignKey(
        Worker,
        verbose_name=_("worker's record"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaints",
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by (user)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ComplaintStatus.choices,
        default=ComplaintStatus.RECEIVED,
    )
    status_changed_at = models.DateTimeField(_("status since"), default=timezone.now)
    due_on = models.DateField(_("answer due"), validators=DATE_BOUNDS)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rejection_reason = models.CharField(_("reason for rejection"), max_length=500, blank=True)
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices, blank=True)
    resolution = models.TextField(_("resolution"), max_length=5000, blank=True)
    resolved_at = models.DateTimeField(_("resolved or closed"), null=True, blank=True)

    objects: ClassVar[ComplaintQuerySet] = ComplaintQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        indexes = [
            models.Index(fields=["organisation", "status", "due_on"], name="complaint_queue"),
            models.Index(fields=["against_organisation", "status"], name="complaint_against"),
        ]
        constraints = [
            # Anonymous means anonymous: the database refuses identity on such a row.
            models.CheckConstraint(
                condition=~Q(confidentiality="anonymous")
                | (Q(complainant_name="") & Q(complainant_contact="") & Q(worker__isnull=True)),
                name="complaint_anonymous_has_no_identity",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                name="complaint_rejection_has_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.get_category_display()}"

    def get_absolute_url(self) -> str:
        return reverse("grievances:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def against_label(self) -> str:
        return self.against_organisation.name if self.against_organisation else self.against_name

    def is_overdue(self, today: date | None = None) -> bool:
        return self.is_open and self.due_on < (today or timezone.localdate())

    def next_statuses(self) -> tuple[str, ...]:
        return NEXT_STATUSES[self.status]

    def identity_visible_to(self, user: User) -> bool:
        """Whether `user` (a handler) may see who complained."""
        if self.confidentiality == Confidentiality.ANONYMOUS:
            return False
        if self.confidentiality == Confidentiality.CONFIDENTIAL:
            return user.has_perm_in(Permission.VIEW_CONFIDENTIAL_COMPLAINANTS, self.organisation_id)
        return True


class ComplaintPartQuerySet[M: models.Model](ThroughParentQuerySet[M]):
    """Rows that belong to one complaint: visible exactly when their complaint is."""

    parent = "complaint"


def attachment_upload_path(attachment: "ComplaintAttachment", filename: str) -> str:
    # Never the uploaded name: it may carry the complainant's name.
    suffix = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(
        attachment.content_type, "bin"
    )
    return f"complaints/{attachment.complaint_id}/{uuid.uuid4().hex}.{suffix}"


@organisation_owned
class ComplaintAttachment(UUIDModel):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="attachments")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("handled by"), on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(_("file"), upload_to=attachment_upload_path)
    content_type = models.CharField(max_length=60, editable=False)
    size = models.PositiveIntegerField(_("size (bytes)"), editable=False)
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    objects: ClassVar[ComplaintPartQuerySet["ComplaintAttachment"]] = (
        ComplaintPartQuerySet.as_manager()  # type: ignore[assignment]
    )

    class Meta:
        ordering = ["added_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return f"{self.content_type} ({self.size} B)"


class MessageKind(models.TextChoices):
    TO_COMPLAINANT = "to_complainant", _("to the complainant")
    INTERNAL_NOTE = "internal_note", _("internal note")


@organisation_owned
class ComplaintMessage(UUIDModel):
    """What the handlers tell the complainant (shown on the tracking page), or note for
    themselves (never shown outside)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="messages")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("handled by"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MessageKind.choices)
    text = models.TextField(_("message"), max_length=3000)
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects: ClassVar[ComplaintPartQuerySet["ComplaintMessage"]] = (
        ComplaintPartQuerySet.as_manager()  # type: ignore[assignment]
    )

    class Meta:
        ordering = ["at"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [models.Index(fields=["complaint", "kind", "at"], name="complaint_message")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {self.get_kind_display()}"


@organisation_owned
class ComplaintStep(UUIDModel):
    """One change of status, with when and why: the complaint's own history."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="steps")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("handled by"), on_delete=models.PROTECT, related_name="+"
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=ComplaintStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=ComplaintStatus.choices)
    note = models.CharField(_("why"), max_length=500, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects: ClassVar[ComplaintPartQuerySet["ComplaintStep"]] = ComplaintPartQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["at"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {self.from_status} -> {self.to_status}"


@organisation_owned
class ComplaintReminder(UUIDModel):
    """A complaint found past its deadline on a day; at most one per complaint and day."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="reminders")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("handled by"), on_delete=models.PROTECT, related_name="+"
    )
    reminded_on = models.DateField(_("day"), validators=DATE_BOUNDS)
    due_on = models.DateField(_("answer was due"), validators=DATE_BOUNDS)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    objects: ClassVar[ComplaintPartQuerySet["ComplaintReminder"]] = (
        ComplaintPartQuerySet.as_manager()  # type: ignore[assignment]
    )

    class Meta:
        ordering = ["-reminded_on"]
        verbose_name = _("overdue reminder")
        verbose_name_plural = _("overdue reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "reminded_on"], name="complaint_reminder_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reminded_on} {self.complaint_id}"
