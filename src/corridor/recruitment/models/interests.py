"""A worker's "I am interested" in an open vacancy, said from their own pages.

It is not an application: the worker cannot put themselves forward (decision 0011 keeps that
to their centre and a recruiter the record is shared with), but the worker's side and the
vacancy's recruiter see the interest beside the candidate and act on it.
"""

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from corridor.accounts.models import Organisation
from corridor.core.models import UUIDModel, organisation_owned
from corridor.people.models import Worker, WorkerChildQuerySet
from corridor.recruitment.models.vacancies import Vacancy


@organisation_owned
class VacancyInterest(UUIDModel):
    # Not moved by a merge of duplicate records: an interest is said again in a click, and
    # one held by both records would otherwise block the merge (identity.services).

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("worker's organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="interests")
    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="interests")
    at = models.DateTimeField(_("when"), auto_now_add=True)

    # Visible exactly when the worker is (their centre, a grant, their own login).
    objects: ClassVar[WorkerChildQuerySet["VacancyInterest"]] = WorkerChildQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-at"]
        verbose_name = _("interest in a vacancy")
        verbose_name_plural = _("interests in vacancies")
        constraints = [
            models.UniqueConstraint(fields=["worker", "vacancy"], name="interest_once_per_vacancy")
        ]

    def __str__(self) -> str:
        return f"{self.worker_id} → {self.vacancy_id}"
