"""Users (e-mail login), organisations, memberships with roles, and API tokens."""

import hashlib
import secrets
import uuid
from datetime import date, datetime, timedelta
from typing import Any, ClassVar, Self

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from stdnum.ru import inn as ru_inn
from stdnum.ru import ogrn as ru_ogrn

from corridor.accounts.roles import Permission, Role, role_has
from corridor.core.bounds import DATE_BOUNDS
from corridor.core.models import TimestampedModel, UUIDModel, organisation_owned
from corridor.core.scoping import ScopedQuerySet


class OrganisationType(models.TextChoices):
    EMPLOYMENT_CENTRE = "employment_centre", _("employment centre")
    RECRUITER = "recruiter", _("recruiter")
    EMPLOYER = "employer", _("employer")
    TRAINING_PROVIDER = "training_provider", _("training provider")
    NGO = "ngo", _("NGO")
    DIASPORA = "diaspora", _("diaspora association")
    AUTHORITY = "authority", _("government authority")
    DONOR = "donor", _("donor")
    PROGRAMME_OFFICE = "programme_office", _("programme office")


# The roles a member of each kind of organisation may hold. A role carries permissions meant
# for one kind of organisation: an employer's user made "administrator" would register and see
# workers like an employment centre. New memberships are checked against this table.
ROLES_BY_ORGANISATION_TYPE: dict[str, frozenset[str]] = {
    OrganisationType.EMPLOYMENT_CENTRE: frozenset(
        {Role.ADMIN, Role.MANAGER, Role.CASEWORKER, Role.WORKER}
    ),
    OrganisationType.PROGRAMME_OFFICE: frozenset({Role.ADMIN, Role.MANAGER, Role.CASEWORKER}),
    OrganisationType.RECRUITER: frozenset({Role.RECRUITER}),
    OrganisationType.EMPLOYER: frozenset({Role.EMPLOYER}),
    OrganisationType.TRAINING_PROVIDER: frozenset({Role.PARTNER}),
    OrganisationType.NGO: frozenset({Role.PARTNER}),
    OrganisationType.DIASPORA: frozenset({Role.PARTNER}),
    OrganisationType.AUTHORITY: frozenset({Role.AUTHORITY}),
    OrganisationType.DONOR: frozenset({Role.DONOR}),
}


class EmployerStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    UNDER_REVIEW = "under_review", _("under review")
    BLOCKED = "blocked", _("blocked")


class OrganisationQuerySet(ScopedQuerySet["Organisation"]):
    def active(self) -> "OrganisationQuerySet":
        return self.filter(is_active=True)

    def scope(self, user: Any) -> Self:
        """Organisations a user may look up: all active ones for staff, their own for others.

        An organisation's name and type are not personal data; directories of partners are
        what caseworkers need to refer and share.
        """
        if user.has_any_perm(Permission.VIEW_OWN_WORKERS) or user.is_superuser:
            return self.all()
        return self.filter(memberships__user=user).distinct()

    def administered_by(
        self, user: "User", permission: Permission = Permission.MANAGE_ORGANISATIONS
    ) -> "OrganisationQuerySet":
        """Organisations whose details or members `user` may manage with `permission`.

        Administration is scoped like everything else: an administrator manages the
        organisations they hold the permission in; the programme office that runs the
        deployment manages every organisation (it admits new employers, centres and partners).
        """
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.in_programme_office_with(permission):
            return self.all()
        return self.filter(pk__in=user.organisation_ids_with(permission))


class Organisation(TimestampedModel):
    name = models.CharField(pgettext_lazy("organisation", "name"), max_length=200)
    type = models.CharField(_("type"), max_length=30, choices=OrganisationType.choices)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2"))
    # Recruiters must hold a licence; an expired or revoked one blocks new work.
    licence_number = models.CharField(_("licence number"), max_length=60, blank=True)
    licence_valid_from = models.DateField(
        _("licence valid from"), null=True, blank=True, validators=DATE_BOUNDS
    )
    licence_valid_until = models.DateField(
        _("licence valid until"), null=True, blank=True, validators=DATE_BOUNDS
    )
    licence_revoked_on = models.DateField(
        _("licence revoked on"), null=True, blank=True, validators=DATE_BOUNDS
    )
    # Russian employers: tax number (INN, 10 digits for a company, 12 for a sole trader) and
    # state registration number (OGRN 13 digits, OGRNIP 15), checked with their check digits.
    inn = models.CharField(_("INN"), max_length=12, blank=True, db_index=True)
    ogrn = models.CharField(_("OGRN"), max_length=15, blank=True, db_index=True)
    # The "Work in Russia" portal's own code for an employer (`companycode`): some of its records
    # name no INN or OGRN, and this code is then the only way to know the employer again.
    trudvsem_code = models.CharField(
        _("company code on Work in Russia"), max_length=64, blank=True, db_index=True
    )
    region = models.ForeignKey(
        "reference.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    sector = models.CharField(_("sector"), max_length=200, blank=True)
    employer_status = models.CharField(
        _("employer status"),
        max_length=20,
        choices=EmployerStatus.choices,
        default=EmployerStatus.ACTIVE,
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects: ClassVar[OrganisationQuerySet] = OrganisationQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(licence_valid_until__isnull=True)
                | models.Q(licence_valid_from__isnull=True)
                | models.Q(licence_valid_until__gte=models.F("licence_valid_from")),
                name="organisation_licence_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("accounts:organisation", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if self.inn and not (ru_inn.is_valid(self.inn)):
            errors["inn"] = _("This is not a valid INN: check the digits.")
        if self.ogrn and not (ru_ogrn.is_valid(self.ogrn)):
            errors["ogrn"] = _("This is not a valid OGRN: check the digits.")
        if errors:
            raise ValidationError(errors)

    def has_valid_licence(self, on: date | None = None) -> bool:
        on = on or timezone.localdate()
        if not self.licence_number:
            return False
        if self.licence_revoked_on and on >= self.licence_revoked_on:
            return False
        if self.licence_valid_from and on < self.licence_valid_from:
            return False
        return not (self.licence_valid_until and on > self.licence_valid_until)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Staff sign in by e-mail; a worker's account may have none and signs in by phone with a
    # one-time code (people.worker_accounts, decision 0017).
    email = models.EmailField(_("e-mail"), unique=True, null=True, blank=True)
    # E.164. Not unique: a family often shares one phone, and each member has an account.
    phone = models.CharField(_("phone"), max_length=16, blank=True, db_index=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("may use the admin site"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering = ["email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(email__isnull=False) | ~models.Q(phone=""),
                name="user_has_email_or_phone",
            )
        ]

    def __str__(self) -> str:
        return self.full_name or self.label

    @property
    def label(self) -> str:
        """How the audit log and lists name the account: its e-mail, else its phone."""
        return self.email or self.phone

    @cached_property
    def active_memberships(self) -> list["Membership"]:
        return list(
            self.memberships.filter(organisation__is_active=True).select_related("organisation")
        )

    def organisation_ids_with(self, permission: Permission) -> list[uuid.UUID]:
        """The organisations in which this user holds `permission` through a role."""
        return [m.organisation_id for m in self.active_memberships if role_has(m.role, permission)]

    def has_any_perm(self, permission: Permission) -> bool:
        return any(role_has(m.role, permission) for m in self.active_memberships)

    def has_perm_in(self, permission: Permission, organisation_id: uuid.UUID) -> bool:
        return organisation_id in self.organisation_ids_with(permission)

    def programme_office_ids_with(self, permission: Permission) -> list[uuid.UUID]:
        """The programme offices in which the user holds `permission`: their staff act for the
        whole deployment (every organisation's audit log and settings, every centre's case)."""
        return [
            m.organisation_id
            for m in self.active_memberships
            if m.organisation.type == OrganisationType.PROGRAMME_OFFICE
            and role_has(m.role, permission)
        ]

    def in_programme_office_with(self, permission: Permission) -> bool:
        return bool(self.programme_office_ids_with(permission))


class Membership(UUIDModel):
    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["organisation__name", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} - {self.organisation} ({self.get_role_display()})"


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> "ApiTokenQuerySet":
        """Tokens that still open the API: not revoked, not expired, of an active user."""
        return self.filter(
            revoked_at__isnull=True, expires_at__gt=timezone.now(), user__is_active=True
        )

    def find(self, raw: str) -> "ApiToken | None":
        return self.active().filter(key_hash=ApiToken.hash(raw)).select_related("user").first()


def default_token_expiry() -> datetime:
    return timezone.now() + timedelta(days=settings.API_TOKEN_LIFETIME_DAYS)


class ApiToken(UUIDModel):
    """A bearer token for the REST API. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(_("prefix"), max_length=12)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    # Every token ends: a leaked one stops working on its own (existing tokens got the default
    # lifetime from the day this field was added).
    expires_at = models.DateTimeField(_("expires"), default=default_token_expiry)

    objects: ClassVar[ApiTokenQuerySet] = ApiTokenQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @classmethod
    def issue(
        cls, *, user: User, name: str = "", lifetime_days: int | None = None
    ) -> tuple["ApiToken", str]:
        """A new token and its raw value (to show once); `accounts.services.issue_token` is
        the audited way to call this."""
        raw = "cor_" + secrets.token_urlsafe(32)
        now = timezone.now()
        days = settings.API_TOKEN_LIFETIME_DAYS if lifetime_days is None else lifetime_days
        token = cls.objects.create(
            user=user,
            name=name,
            prefix=raw[:10],
            key_hash=cls.hash(raw),
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
        return token, raw


class NotificationKind(models.TextChoices):
    REFERRAL_OVERDUE = "referral_overdue", _("referral overdue")
    COMPLAINT_OVERDUE = "complaint_overdue", _("complaint overdue")
    DOCUMENT_EXPIRING = "document_expiring", _("document expiring")


class NotificationQuerySet(ScopedQuerySet["Notification"]):
    def scope(self, user: Any) -> Self:
        """A user's own notifications, nobody else's (administrators' included)."""
        return self.filter(recipient=user)

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


@organisation_owned
class Notification(UUIDModel):
    """Something a member of staff has to act on (a reminder, a warning), shown in Corridor
    and e-mailed. Written by the scheduled jobs through `accounts.notifications`; staff only,
    never a worker (messages to workers belong to outreach)."""

    recipient = models.ForeignKey(
        User, verbose_name=_("for"), on_delete=models.CASCADE, related_name="notifications"
    )
    # The organisation whose work it is about: the recipient acts for it.
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    # What it is about, e.g. "referral-overdue:<id>:<day>": one per recipient, so a job run
    # again adds none.
    key = models.CharField(max_length=200, editable=False)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), max_length=2000)
    link = models.CharField(_("link"), max_length=300)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    objects: ClassVar[NotificationQuerySet] = NotificationQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "-created_at"], name="notification_inbox")]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_once")
        ]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("accounts:reminder", args=[self.pk])
