"""What runs out with time: consent given until a date lapses after it, and documents about
to expire are flagged to the worker's centre. Both run on the schedule (`people.tasks`) and
are idempotent: a second run on one day changes nothing.
"""

import uuid
from dataclasses import dataclass
from datetime import date
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from corridor.accounts.models import NotificationKind, User
from corridor.accounts.notifications import members_with, notify
from corridor.accounts.roles import Permission
from corridor.core.audit import Actor
from corridor.people.models import ConsentRecord, Document, Worker
from corridor.people.services import apply_consent_statement


@dataclass(frozen=True)
class Lapses:
    consents: int
    grants_ended: int


def _lapsed_statements(today: date) -> "list[ConsentRecord]":
    """Consent given with an end before `today` and not followed by a newer statement."""
    newer = ConsentRecord.objects.filter(
        worker=OuterRef("worker"),
        purpose=OuterRef("purpose"),
        recorded_at__gt=OuterRef("recorded_at"),
    )
    return list(
        ConsentRecord.objects.filter(is_given=True, valid_until__lt=today)
        .exclude(Exists(newer))
        .order_by("recorded_at", "id")
    )


def lapse_expired_consents(*, today: date) -> Lapses:
    """Record, for each consent whose end date has passed, that it has lapsed: a statement
    withdrawing it (by the schedule, in the recording organisation's name), which ends the
    sharing grants resting on it through the same path as a withdrawal by staff."""
    consents = grants = 0
    for given in _lapsed_statements(today):
        with transaction.atomic():
            newest = (
                ConsentRecord.objects.select_for_update()
                .filter(worker_id=given.worker_id, purpose=given.purpose)
                .order_by("-recorded_at", "-id")
                .first()
            )
            if newest is None or newest.pk != given.pk:
                continue  # a statement came in since the list was read
            assert given.valid_until is not None  # the filter above
            actor = Actor(user=None, organisation_id=given.organisation_id, channel="task")
            until = given.valid_until.isoformat()
            _record, ended = apply_consent_statement(
                actor=actor,
                worker=Worker.objects.get(pk=given.worker_id),
                purpose=given.purpose,
                is_given=False,
                method=given.method,
                note=_("Lapsed: consent was given until %(date)s.") % {"date": until},
                consent_lapsed_on=given.valid_until,
            )
        consents += 1
        grants += ended
    return Lapses(consents=consents, grants_ended=grants)


def _compose_document_warning(document: Document) -> tuple[str, str]:
    assert document.expiry_date is not None  # expiring() selects on it
    values = {
        "document": document.get_type_display(),
        "reference": document.worker.reference,
        "date": document.expiry_date.isoformat(),
    }
    subject = _("%(document)s of %(reference)s expires on %(date)s") % values
    body = (
        _(
            "The %(document)s of worker %(reference)s expires on %(date)s. Open the record to plan "
            "its renewal with the worker."
        )
        % values
    )
    return subject, body


def warn_expiring_documents(*, today: date, within_days: int | None = None) -> int:
    """Notify the staff of each worker's centre (its members who change workers' records) of
    documents expiring within `within_days` (the setting, by default): once per document and
    expiry date. Returns how many notifications were created."""
    days = settings.DOCUMENT_EXPIRY_WARNING_DAYS if within_days is None else within_days
    documents = (
        Document.objects.expiring(within_days=days, today=today)
        .filter(worker__in=Worker.objects.active())
        .select_related("worker")
        .order_by("expiry_date", "pk")
    )
    staff: dict[uuid.UUID, list[User]] = {}
    created = 0
    for document in documents:
        organisation_id = document.worker.organisation_id
        if organisation_id not in staff:
            staff[organisation_id] = members_with(Permission.CHANGE_WORKERS, organisation_id)
        created += notify(
            recipients=staff[organisation_id],
            organisation_id=organisation_id,
            kind=NotificationKind.DOCUMENT_EXPIRING,
            key=f"document-expiring:{document.pk}:{document.expiry_date}",
            link=document.worker.get_absolute_url(),
            compose=partial(_compose_document_warning, document),
        )
    return created
