"""Mutual-assistance groups: migrant families of one place who meet and help each other.

A group belongs to the organisation that runs it; only its users with MANAGE_GROUPS see it,
its members and its meetings.
"""

from datetime import date
from typing import Any, ClassVar, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from corridor.accounts.models import Organisation
from corridor.accounts.roles import Permission
from corridor.core.bounds import DATE_BOUNDS
from corridor.core.models import TimestampedModel, UUIDModel, organisation_owned
from corridor.core.scoping import ScopedQuerySet
from corridor.people.models import FamilyMember, Worker
from corridor.reference.models import Country, Region


class GroupScopedQuerySet[M: models.Model](ScopedQuerySet[M]):
    """Rows of groups run by organisations where the user manages groups."""

    def scope(self, user: Any) -> Self:
        return self.filter(organisation_id__in=user.organisation_ids_with(Permission.MANAGE_GROUPS))


@organisation_owned
class AssistanceGroup(TimestampedModel):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("run by"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(pgettext_lazy("group", "name"), max_length=200)
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    locality = models.CharField(_("town or village"), max_length=200, blank=True)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = models.TextField(_("description"), blank=True, max_length=4000)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects: ClassVar[GroupScopedQuerySet["AssistanceGroup"]] = GroupScopedQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["name"]
        verbose_name = _("mutual-assistance group")
        verbose_name_plural = _("mutual-assistance groups")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("support:group", args=[self.pk])


class GroupMemberQuerySet(GroupScopedQuerySet["GroupMember"]):
    def active_on(self, day: date) -> "GroupMemberQuerySet":
        return self.filter(joined_on__lte=day).filter(Q(left_on__isnull=True) | Q(left_on__gte=day))

    def current(self) -> "GroupMemberQuerySet":
        return self.filter(left_on__isnull=True)


@organisation_owned
class GroupMember(UUIDModel):
    """A worker, or one of a worker's family, in a group (the family member when set)."""

    group = models.ForeignKey(AssistanceGroup, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    worker = models.ForeignKey(
        Worker, verbose_name=_("worker"), on_delete=models.PROTECT, related_name="+"
    )
    family_member = models.ForeignKey(
        FamilyMember,
        verbose_name=_("family member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    joined_on = models.DateField(_("joined"), default=timezone.localdate, validators=DATE_BOUNDS)
    left_on = models.DateField(_("left"), null=True, blank=True, validators=DATE_BOUNDS)
    created_at = models.DateTimeField(default=timezone.now)

    objects: ClassVar[GroupMemberQuerySet] = GroupMemberQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["joined_on", "created_at"]
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="group_member_left_after_joining",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.family_member.full_name if self.family_member else self.worker.full_name

    @property
    def is_current(self) -> bool:
        return self.left_on is None


@organisation_owned
class Meeting(TimestampedModel):
    group = models.ForeignKey(AssistanceGroup, on_delete=models.CASCADE, related_name="meetings")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("date"), validators=DATE_BOUNDS)
    topics = models.TextField(_("topics"), max_length=2000)
    notes = models.TextField(_("notes"), blank=True, max_length=4000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects: ClassVar[GroupScopedQuerySet["Meeting"]] = GroupScopedQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.group.name} {self.held_on}"

    def get_absolute_url(self) -> str:
        return reverse("support:meeting", args=[self.pk])


@organisation_owned
class MeetingAttendance(UUIDModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(GroupMember, on_delete=models.CASCADE, related_name="attendance")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    is_present = models.BooleanField(_("present"), default=False)

    objects: ClassVar[GroupScopedQuerySet["MeetingAttendance"]] = GroupScopedQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {'present' if self.is_present else 'absent'}"
