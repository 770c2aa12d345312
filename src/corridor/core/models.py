"""Base fields, the organisation-scoping contract and the append-only audit log."""

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UUIDModel(models.Model):
    """UUID primary keys outside: ids in URLs and the API reveal nothing about volumes."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Meta:
        abstract = True


class TimestampedModel(UUIDModel):
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


# Every model whose rows belong to an organisation registers here; a test checks that each has
# a direct `organisation` foreign key and a `for_user()` on its default manager, so a new model
# cannot forget its tenant filter.
ORGANISATION_OWNED_MODELS: list[type[models.Model]] = []


def organisation_owned[M: type[models.Model]](model: M) -> M:
    ORGANISATION_OWNED_MODELS.append(model)
    return model


class AuditAction(models.TextChoices):
    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    DELETE = "delete", _("deleted")
    VIEW = "view", _("viewed")
    EXPORT = "export", _("exported")
    GRANT = "grant", _("shared")
    REVOKE = "revoke", _("sharing revoked")
    LOGIN = "login", _("logged in")
    LOGIN_FAILED = "login_failed", _("failed login")
    LOGIN_PAUSE_LIFTED = "login_pause_lifted", _("sign-in pause lifted")
    LOGOUT = "logout", _("logged out")
    MERGE = "merge", _("records merged")
    UNMERGE = "unmerge", _("merge undone")


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("The audit log is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit log is append-only.")

    def for_auditor(
        self, organisation_ids: list[uuid.UUID], *, sees_everything: bool
    ) -> "AuditEventQuerySet":
        """What an administrator may browse: their organisations' events, or all for the
        programme office that runs the deployment."""
        return self if sees_everything else self.filter(organisation_id__in=organisation_ids)

    def views_of_worker(self, *worker_ids: uuid.UUID) -> "AuditEventQuerySet":
        """Views of a worker's record, including the records merged into it."""
        return self.filter(worker_id__in=worker_ids, action=AuditAction.VIEW)


class AuditEvent(models.Model):
    """One thing that happened to personal data or to a session. Never changed, never deleted.

    Database triggers refuse UPDATE (migration 0002) and DELETE (migration 0004) as well, so
    raw SQL cannot rewrite or remove it; entries leave only through `core.retention`.
    """

    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept as text so the entry still names who it was after the account is gone.
    actor_label = models.CharField(_("who (as recorded)"), max_length=254, blank=True)
    organisation_id = models.UUIDField(_("acting organisation"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(_("record type"), max_length=60, blank=True)
    object_id = models.CharField(_("record"), max_length=64, blank=True)
    # The worker whose personal data this touches, so a worker can see who viewed their record;
    # not a foreign key: the entry must outlive a deleted or merged worker.
    worker_id = models.UUIDField(_("worker"), null=True, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=10, blank=True)

    objects: ClassVar[AuditEventQuerySet] = AuditEventQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        indexes = [
            models.Index(fields=["worker_id", "action", "-at"], name="audit_worker_action"),
            models.Index(fields=["action", "-at"], name="audit_action_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit log is append-only.")


class AuditRetentionWindow(models.Model):
    """The one opening through which audit entries may be deleted, and its record.

    The DELETE trigger on the audit log lets a row go only while a window is open (no
    `closed_at`) and the row is older than the window's cutoff. `core.retention` opens a
    window, deletes and closes it in one transaction, so no other session ever sees it open.
    """

    id = models.BigAutoField(primary_key=True)
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    cutoff = models.DateTimeField(_("entries before"))
    reason = models.CharField(_("reason"), max_length=500)
    actor_label = models.CharField(_("who"), max_length=254, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    deleted = models.PositiveIntegerField(_("entries deleted"), default=0)

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("audit retention window")
        verbose_name_plural = _("audit retention windows")

    def __str__(self) -> str:
        return f"{self.opened_at:%Y-%m-%d} < {self.cutoff:%Y-%m-%d} ({self.deleted})"


class JobOutcome(models.TextChoices):
    RUNNING = "running", _("running")
    SUCCEEDED = "succeeded", _("succeeded")
    FAILED = "failed", _("failed")


class JobRunQuerySet(models.QuerySet["JobRun"]):
    def newest(self, job: str, *, outcome: str | None = None) -> "JobRun | None":
        """The newest run of `job` (with `outcome`, if given)."""
        runs = self.filter(job=job)
        if outcome is not None:
            runs = runs.filter(outcome=outcome)
        return runs.order_by("-started_at", "-id").first()


class JobRun(models.Model):
    """One run of a scheduled job: when, how it ended and what it counted (see `core.jobs`).

    Holds no personal data: counts and an error class, never a record's content.
    """

    id = models.BigAutoField(primary_key=True)
    job = models.CharField(_("job"), max_length=60)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=JobOutcome.choices, default=JobOutcome.RUNNING
    )
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)

    objects: ClassVar[JobRunQuerySet] = JobRunQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")
        indexes = [models.Index(fields=["job", "-started_at"], name="jobrun_job_started")]

    def __str__(self) -> str:
        return f"{self.job} {self.started_at:%Y-%m-%d %H:%M} {self.outcome}"
