"""The worker registry: workers, their documents, family, consent, timeline and sharing grants."""

import uuid
from collections.abc import Collection
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
from corridor.core.scoping import ScopedQuerySet, ThroughParentQuerySet, is_signed_in
from corridor.people.stages import Stage, StageCheck
from corridor.people.timeline import TimelineMessage, render_event
from corridor.reference.models import Country, IscoGroup, Language, Region


class Sex(models.TextChoices):
    MALE = "M", _("male")
    FEMALE = "F", _("female")


class EducationLevel(models.TextChoices):
    # ISCED 2011 levels, grouped as employment centres record them.
    NONE = "none", _("no formal education")
    PRIMARY = "primary", _("primary")
    LOWER_SECONDARY = "lower_secondary", _("lower secondary")
    UPPER_SECONDARY = "upper_secondary", _("upper secondary")
    VOCATIONAL = "vocational", _("vocational (college, lyceum)")
    HIGHER = "higher", _("higher")


class NameScript(models.TextChoices):
    LATIN = "latin", _("Latin")
    CYRILLIC = "cyrillic", _("Cyrillic")
    MIXED = "mixed", _("mixed")
    UNKNOWN = "unknown", _("unknown")


def visible_worker_ids(user: Any, *, purposes: Collection[str] | None = None) -> Q | None:
    """The condition on `Worker` a user's memberships and grants allow, or None for nothing.

    The one rule of who sees a worker: the worker's own organisations, the worker's own login,
    and organisations holding an active grant. `purposes` narrows the grants that count to
    those purposes (people.access.workers_showing asks for the purposes that show a section);
    None counts every grant that opens the record.
    """
    if not is_signed_in(user):
        return None
    condition = Q()
    own = user.organisation_ids_with(Permission.VIEW_OWN_WORKERS)
    shared = user.organisation_ids_with(Permission.VIEW_SHARED_WORKERS)
    if own:
        condition |= Q(organisation_id__in=own)
    if shared and (purposes is None or purposes):
        # A referral's grant opens the referral's page at the partner (support), never the
        # worker's record (people.access).
        granted = (
            AccessGrant.objects.active()
            .filter(organisation_id__in=shared)
            .exclude(purpose=GrantPurpose.REFERRAL)
        )
        if purposes is not None:
            granted = granted.filter(purpose__in=purposes)
        # Only add the grant branch to the record's scope when there is a grant: an OR with a
        # subquery keeps the database from using the (organisation, created) index for a
        # centre's own list. A section's scope (people.access.workers_showing) is a subquery
        # of another app's list and does not probe: that would be a query more per list.
        if not own or purposes is not None or granted.exists():
            condition |= Q(id__in=granted.values("worker_id"))
    if user.has_any_perm(Permission.VIEW_SELF):
        condition |= Q(user=user)
    return condition or None


class WorkerQuerySet(ScopedQuerySet["Worker"]):
    def scope(self, user: Any) -> Self:
        condition = visible_worker_ids(user)
        return self.filter(condition) if condition is not None else self.none()

    def editable_by(self, user: User) -> "WorkerQuerySet":
        """Workers whose record the user may change: those of their own organisations."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            organisation_id__in=user.organisation_ids_with(Permission.CHANGE_WORKERS)
        )

    def active(self) -> "WorkerQuerySet":
        """Workers not merged into another record (see identity)."""
        return self.filter(merged_into__isnull=True)

    def at_stage(self, stage: str) -> "WorkerQuerySet":
        return self.filter(stage=stage)

    def job_ready(self) -> "WorkerQuerySet":
        return self.at_stage(Stage.JOB_READY)

    def mark_match_features_stale(self) -> int:
        """Say that what matching reads of these workers changed: recruitment recomputes their
        features before it ranks them, or in batch (recruitment.features.refresh_stale). Call
        it in the transaction of the change: the UPDATE takes the worker's row lock, so a
        refresh running meanwhile finishes first and the mark outlives it."""
        return self.update(match_features_stale_since=timezone.now())


@organisation_owned
class Worker(TimestampedModel):
    reference = models.CharField(_("reference number"), max_length=20, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        related_name="workers",
    )
    # Names as written, in the script written; the Latin forms and search keys are derived.
    family_name = models.CharField(_("family name"), max_length=100)
    given_name = models.CharField(_("given name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    name_script = models.CharField(
        _("script of the name"), max_length=10, choices=NameScript.choices, editable=False
    )
    family_name_latin = models.CharField(_("family name (Latin)"), max_length=150, editable=False)
    given_name_latin = models.CharField(_("given name (Latin)"), max_length=150, editable=False)
    patronymic_latin = models.CharField(
        _("patronymic (Latin)"), max_length=150, blank=True, editable=False
    )
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("date of birth"), validators=DATE_BOUNDS)
    citizenship = models.ForeignKey(
        Country, verbose_name=_("citizenship"), on_delete=models.PROTECT, related_name="+"
    )
    home_region = models.ForeignKey(
        Region,
        verbose_name=_("home region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    phone = models.CharField(_("phone"), max_length=16, blank=True, help_text=_("E.164"))
    messenger_handle = models.CharField(_("messenger (e.g. Telegram)"), max_length=64, blank=True)
    education_level = models.CharField(
        _("education"), max_length=20, choices=EducationLevel.choices, blank=True
    )
    skills = models.TextField(_("skills"), blank=True, max_length=2000)
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.REGISTERED
    )
    stage_changed_at = models.DateTimeField(_("stage changed"), default=timezone.now)
    # Set when the person registered themselves on the public site: the record waits for the
    # centre they chose to meet them and confirm it (people.self_registration).
    awaiting_confirmation_since = models.DateTimeField(
        _("registered themselves, awaiting the centre's confirmation"), null=True, blank=True
    )
    # Counts every save by the services, so an edit started from an older version is refused
    # instead of silently reverting someone else's change (people.services.update_worker).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # True when something matching reads (this row, languages, occupations, documents, consent,
    # the job profile, a merge) changed since recruitment last computed the worker's match
    # features: set by the services, cleared (None) by the refresh. A new record has none yet.
    match_features_stale_since = models.DateTimeField(
        _("match features stale since"), null=True, default=timezone.now, editable=False
    )
    # The worker's own login for self-service, if they have one.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("self-service login"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="worker",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by (user)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Set when a caseworker merged this record into another one of the same person; kept so
    # the merge can be undone and old references still lead somewhere.
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_records",
        editable=False,
    )

    objects: ClassVar[WorkerQuerySet] = WorkerQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("worker")
        verbose_name_plural = _("workers")
        indexes = [
            models.Index(fields=["organisation", "-created_at"], name="worker_org_created"),
            models.Index(fields=["-created_at"], name="worker_created"),
            models.Index(fields=["stage"], name="worker_stage"),
            models.Index(fields=["phone"], name="worker_phone"),
            # Duplicate checks look up plausible birth dates first.
            models.Index(fields=["birth_date"], name="worker_birth_date"),
            models.Index(fields=["citizenship", "stage"], name="worker_citizenship_stage"),
            # Every ranking asks which workers are stale: a partial index holds only those
            # (IS NOT NULL, a condition with no parameter, which SQLite's planner matches).
            models.Index(
                fields=["match_features_stale_since"],
                condition=Q(match_features_stale_since__isnull=False),
                name="worker_match_features_stale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.full_name}"

    def get_absolute_url(self) -> str:
        return reverse("people:worker", args=[self.pk])

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.family_name, self.given_name, self.patronymic) if p)

    @property
    def full_name_latin(self) -> str:
        parts = (self.family_name_latin, self.given_name_latin, self.patronymic_latin)
        return " ".join(p for p in parts if p)

    def enter_stage(self, stage: str) -> str:
        """Move this (locked) row to `stage`, counting a new version; returns the stage left.
        Which moves are allowed is the services' business (stage_rules, corrections)."""
        previous = self.stage
        self.stage = stage
        self.stage_changed_at = timezone.now()
        self.version += 1
        # Matching reads the stage (job-ready or matched): every move marks the features.
        self.match_features_stale_since = timezone.now()
        self.save(
            update_fields=[
                "stage",
                "stage_changed_at",
                "version",
                "match_features_stale_since",
                "updated_at",
            ]
        )
        return previous

    def record_ids(self) -> list[uuid.UUID]:
        """This record's id and those of the records merged into it (their history is its)."""
        return [self.pk, *self.merged_records.values_list("pk", flat=True)]


class WorkerNameKey(models.Model):
    """One search key per name token (see corridor.names), so any script finds any other."""

    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="name_keys")
    key = models.CharField(max_length=64)

    class Meta:
        indexes = [models.Index(fields=["key", "worker"], name="worker_name_key")]

    def __str__(self) -> str:
        return self.key


class LanguageLevel(models.TextChoices):
    NATIVE = "native", _("native")
    C2 = "C2", "C2"
    C1 = "C1", "C1"
    B2 = "B2", "B2"
    B1 = "B1", "B1"
    A2 = "A2", "A2"
    A1 = "A1", "A1"


class WorkerLanguage(models.Model):
    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="languages")
    language = models.ForeignKey(
        Language, verbose_name=_("language"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField(_("level"), max_length=6, choices=LanguageLevel.choices)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        constraints = [
            models.UniqueConstraint(fields=["worker", "language"], name="worker_language_once")
        ]

    def __str__(self) -> str:
        return f"{self.language_id} {self.level}"


class WorkerOccupation(models.Model):
    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="occupations")
    isco = models.ForeignKey(
        IscoGroup,
        verbose_name=_("occupation (ISCO-08 unit group)"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": 4},
    )
    years_experience = models.PositiveSmallIntegerField(_("years of experience"), default=0)

    class Meta:
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")
        constraints = [
            models.UniqueConstraint(fields=["worker", "isco"], name="worker_occupation_once"),
            models.CheckConstraint(
                condition=Q(years_experience__lte=70), name="worker_occupation_years_sane"
            ),
        ]
        indexes = [models.Index(fields=["isco", "worker"], name="worker_occupation_isco")]

    def __str__(self) -> str:
        return f"{self.isco_id} ({self.years_experience})"


class WorkerChildQuerySet[M: models.Model](ThroughParentQuerySet[M]):
    """Rows that belong to one worker: visible exactly when their worker is."""

    parent = "worker"


class DocumentType(models.TextChoices):
    PASSPORT = "passport", _("passport")
    NATIONAL_ID = "national_id", _("national ID")
    MIGRATION_CARD = "migration_card", _("migration card")
    REGISTRATION = "registration", _("registration at the place of stay")
    WORK_PATENT = "work_patent", _("work patent")
    MEDICAL_CERTIFICATE = "medical_certificate", _("medical certificate")
    LANGUAGE_CERTIFICATE = (
        "language_certificate",
        _("Russian language, history and law certificate"),
    )
    DIPLOMA = "diploma", _("diploma")
    EMPLOYMENT_CONTRACT = "employment_contract", _("employment contract")
    OTHER = "other", _("other")


class DocumentQuerySet(WorkerChildQuerySet["Document"]):
    def expiring(
        self, *, within_days: int | None = None, today: date | None = None
    ) -> "DocumentQuerySet":
        today = today or timezone.localdate()
        days = within_days if within_days is not None else settings.DOCUMENT_EXPIRY_WARNING_DAYS
        return self.filter(expiry_date__gte=today, expiry_date__lte=today + timedelta(days=days))


def document_upload_path(document: "Document", filename: str) -> str:
    # Never the uploaded name: it may carry the person's name, and it is not ours to trust.
    suffix = filename.rsplit(".", 1)[-1].lower()[:5] if "." in filename else "bin"
    return f"documents/{document.worker_id}/{uuid.uuid4().hex}.{suffix}"


@organisation_owned
class Document(TimestampedModel):
    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="documents")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    type = models.CharField(_("type"), max_length=30, choices=DocumentType.choices)
    number = models.CharField(_("number"), max_length=40, blank=True)
    # Upper case without spaces or dashes, so "AA 123-45" and "aa12345" find each other.
    number_normalised = models.CharField(max_length=40, blank=True, editable=False, db_index=True)
    issuing_country = models.ForeignKey(
        Country,
        verbose_name=_("issuing country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issue_date = models.DateField(_("issued"), null=True, blank=True, validators=DATE_BOUNDS)
    expiry_date = models.DateField(_("expires"), null=True, blank=True, validators=DATE_BOUNDS)
    mrz = models.TextField(_("machine-readable zone"), blank=True, max_length=200)
    is_mrz_verified = models.BooleanField(_("MRZ check digits verified"), default=False)
    file = models.FileField(_("file"), upload_to=document_upload_path, blank=True)
    file_content_type = models.CharField(max_length=60, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects: ClassVar[DocumentQuerySet] = DocumentQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["type", "-expiry_date"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [models.Index(fields=["expiry_date"], name="document_expiry")]
        constraints = [
            models.CheckConstraint(
                condition=Q(expiry_date__isnull=True)
                | Q(issue_date__isnull=True)
                | Q(expiry_date__gte=models.F("issue_date")),
                name="document_expiry_after_issue",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.number}"

    def expires_soon(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        if self.expiry_date is None:
            return False
        limit = today + timedelta(days=settings.DOCUMENT_EXPIRY_WARNING_DAYS)
        return today <= self.expiry_date <= limit

    def is_expired(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.expiry_date is not None and self.expiry_date < today


class Relation(models.TextChoices):
    SPOUSE = "spouse", _("spouse")
    CHILD = "child", _("child")
    PARENT = "parent", _("parent")
    SIBLING = "sibling", _("brother or sister")
    OTHER = "other", _("other")


@organisation_owned
class FamilyMember(TimestampedModel):
    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="family")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    full_name = models.CharField(_("name"), max_length=200)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True, validators=DATE_BOUNDS)
    is_dependant = models.BooleanField(_("dependant"), default=False)

    objects: ClassVar[WorkerChildQuerySet["FamilyMember"]] = WorkerChildQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["relation", "full_name"]
        verbose_name = _("family member")
        verbose_name_plural = _("family members")

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_relation_display()})"


class ConsentPurpose(models.TextChoices):
    REGISTRATION = "registration", _("registration")
    MATCHING = "matching", _("matching and sharing with employers")
    AUTHORITY_SHARING = "authority_sharing", _("sharing with an authority under an agreement")
    MESSAGES = "messages", _("messages")
    STATISTICS = "statistics", _("statistics")
    REFERRALS = "referrals", _("sharing with partner services (referrals)")


class ConsentMethod(models.TextChoices):
    SIGNED_FORM = "signed_form", _("signed form")
    VERBAL = "verbal", _("verbal, witnessed by staff")
    SELF_SERVICE = "self_service", _("self-service")


class ConsentQuerySet(WorkerChildQuerySet["ConsentRecord"]):
    def latest_per_purpose(self) -> dict[str, "ConsentRecord"]:
        latest: dict[str, ConsentRecord] = {}
        for record in self.order_by("recorded_at", "id"):
            latest[record.purpose] = record
        return latest


@organisation_owned
class ConsentRecord(TimestampedModel):
    """One statement of consent given or withdrawn; the newest per purpose is in force."""

    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="consents")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    is_given = models.BooleanField(_("given"))
    method = models.CharField(_("how"), max_length=20, choices=ConsentMethod.choices)
    recorded_at = models.DateTimeField(_("when"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by (user)"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    # Consent given for a time: after this day it lapses (`people.expiry`), as if withdrawn.
    valid_until = models.DateField(_("valid until"), null=True, blank=True, validators=DATE_BOUNDS)

    objects: ClassVar[ConsentQuerySet] = ConsentQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        indexes = [
            models.Index(fields=["worker", "purpose", "-recorded_at"], name="consent_latest")
        ]

    def __str__(self) -> str:
        state = (
            pgettext_lazy("consent", "given")
            if self.is_given
            else pgettext_lazy("consent", "withdrawn")
        )
        return f"{self.get_purpose_display()}: {state}"


class TimelineKind(models.TextChoices):
    REGISTERED = "registered", _("registered")
    UPDATED = "updated", _("details changed")
    STAGE = "stage", _("stage changed")
    DOCUMENT = "document", _("document added")
    FAMILY = "family", _("family member added")
    CONSENT = "consent", _("consent recorded")
    SHARED = "shared", _("record shared")
    UNSHARED = "unshared", _("sharing ended")
    NOTE = "note", _("note")
    APPLICATION = "application", _("job application")
    CONTRACT = "contract", _("employment contract")
    PAYMENT = "payment", _("payment recorded")
    TRAINING = "training", _("training")
    REFERRAL = "referral", _("referral to a service")
    GROUP = "group", _("mutual-assistance group")


@organisation_owned
class TimelineEvent(UUIDModel):
    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="timeline")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(_("what"), max_length=20, choices=TimelineKind.choices)
    from_stage = models.CharField(_("from"), max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=20, choices=Stage.choices, blank=True)
    # What a person typed (a stage move's reason, a note); the sentence is `message` + `params`
    # (people/timeline.py), or, for entries written before codes, the reason as written.
    reason = models.CharField(_("why"), max_length=500, blank=True)
    message = models.CharField(
        _("message"), max_length=30, choices=TimelineMessage.choices, blank=True
    )
    params = models.JSONField(_("parameters"), default=dict, blank=True)

    objects: ClassVar[WorkerChildQuerySet["TimelineEvent"]] = WorkerChildQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-at"]
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline")
        indexes = [models.Index(fields=["worker", "-at"], name="timeline_worker_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {self.get_kind_display()}"

    @property
    def text(self) -> str:
        """What the entry says, in the reader's (active) language."""
        return render_event(self)


class GrantPurpose(models.TextChoices):
    APPLICATION = "application", _("job application")
    REFERRAL = "referral", _("referral to a service")
    TRANSFER = "transfer", _("case transfer")
    AUTHORITY = "authority", _("exchange with an authority")


class AccessGrantQuerySet(WorkerChildQuerySet["AccessGrant"]):
    def active(self, now: Any = None) -> "AccessGrantQuerySet":
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )


@organisation_owned
class AccessGrant(UUIDModel):
    """An explicit, recorded decision to let another organisation see one worker's record."""

    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="grants")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("shared with"),
        on_delete=models.PROTECT,
        related_name="received_grants",
    )
    granted_by_organisation = models.ForeignKey(
        Organisation, verbose_name=_("shared by"), on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=GrantPurpose.choices)
    reason = models.CharField(_("why"), max_length=500)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(_("shared on"), default=timezone.now)
    expires_at = models.DateTimeField(_("until"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ended"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects: ClassVar[AccessGrantQuerySet] = AccessGrantQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-granted_at"]
        verbose_name = _("sharing grant")
        verbose_name_plural = _("sharing grants")
        indexes = [
            models.Index(fields=["organisation", "revoked_at"], name="grant_org_active"),
        ]

    def __str__(self) -> str:
        return f"{self.worker_id} -> {self.organisation_id} ({self.purpose})"


class ReferenceSequence(models.Model):
    """The last number handed out per prefix (e.g. "UZ-2026"), locked while allocating."""

    prefix = models.CharField(max_length=12, primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.prefix}-{self.last_number:06d}"


# The rules of the migration cycle are the programme's, not the code's: kept as rows an
# administrator edits in the Django admin, each with the source it comes from (see
# stages.DEFAULT_TRANSITIONS for the shipped ones and stage_rules.py for how they apply).
class StageRule(models.Model):
    """What every stage rule carries: whether it is in force, and where it comes from."""

    is_active = models.BooleanField(_("in force"), default=True)
    source = models.CharField(
        _("source"),
        max_length=300,
        help_text=_("Where the rule comes from: a law, the programme's manual, case work."),
    )

    class Meta:
        abstract = True


class StageTransition(StageRule):
    """One stage that may follow another."""

    from_stage = models.CharField(_("from"), max_length=20, choices=Stage.choices)
    to_stage = models.CharField(_("to"), max_length=20, choices=Stage.choices)

    class Meta:
        ordering = ["from_stage", "to_stage"]
        verbose_name = _("stage transition")
        verbose_name_plural = _("stage transitions")
        constraints = [
            models.UniqueConstraint(
                fields=["from_stage", "to_stage"], name="stage_transition_once"
            ),
            models.CheckConstraint(
                condition=~Q(from_stage=models.F("to_stage")), name="stage_transition_moves"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_from_stage_display()} → {self.get_to_stage_display()}"


class StageRequirement(StageRule):
    """What a worker needs before entering a stage: a named check (stage_rules.CHECKS)."""

    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    check_code = models.CharField(_("requirement"), max_length=40, choices=StageCheck.choices)

    class Meta:
        ordering = ["stage", "check_code"]
        verbose_name = _("stage requirement")
        verbose_name_plural = _("stage requirements")
        constraints = [
            models.UniqueConstraint(fields=["stage", "check_code"], name="stage_requirement_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()}: {self.get_check_code_display()}"


class SignInCodeQuerySet(WorkerChildQuerySet["SignInCode"]):
    def usable(self, now: Any = None) -> "SignInCodeQuerySet":
        """Codes that still open an account: not used, not expired, not voided by wrong tries."""
        return self.filter(
            used_at__isnull=True,
            voided_at__isnull=True,
            expires_at__gt=now or timezone.now(),
        )


class SignInCode(UUIDModel):
    """A one-time code with which a worker signs in to their own Corridor by phone (decision
    0017). Issued by the worker's centre; only its keyed hash is kept, bound to the phone it
    was issued for."""

    worker = models.ForeignKey(
        Worker, verbose_name=_("worker"), on_delete=models.CASCADE, related_name="sign_in_codes"
    )
    phone = models.CharField(_("phone"), max_length=16)
    code_hash = models.CharField(_("code hash"), max_length=64)
    # How the worker agreed to have an account, as the caseworker recorded it.
    consent_method = models.CharField(_("agreed how"), max_length=20, choices=ConsentMethod.choices)
    issued_by = models.ForeignKey(
        User, verbose_name=_("issued by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    # Wrong codes tried for this phone while this code was the one issued; at the limit the
    # code is void (settings.WORKER_SIGN_IN_CODE_ATTEMPTS).
    failed_attempts = models.PositiveSmallIntegerField(_("wrong tries"), default=0)
    voided_at = models.DateTimeField(_("voided"), null=True, blank=True)

    objects: ClassVar[SignInCodeQuerySet] = SignInCodeQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("sign-in code")
        verbose_name_plural = _("sign-in codes")
        indexes = [models.Index(fields=["phone", "expires_at"], name="sign_in_code_phone")]

    def __str__(self) -> str:
        return f"{self.worker} · {self.issued_at:%Y-%m-%d %H:%M}"
