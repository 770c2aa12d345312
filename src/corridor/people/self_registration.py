"""A person registers themselves on the public site; the centre they chose confirms it.

The record is created at once, pending (`Worker.awaiting_confirmation_since`), so the
duplicate check sees it beside every other record, and the centre's staff find it in their
list to meet the person, check their documents and confirm. Until then it is not job-ready
and nothing is shared. The answer is the same whatever was typed (a record with that phone or
name may exist or not): the page tells no one who is registered. Rate-limited per address by
the page; audited here.
"""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from corridor.accounts.models import Organisation, OrganisationType
from corridor.accounts.permissions import require_permission_in
from corridor.accounts.roles import Permission
from corridor.core import audit
from corridor.core.audit import Actor
from corridor.core.models import AuditAction
from corridor.people.models import ConsentMethod, ConsentPurpose, TimelineKind, Worker
from corridor.people.services import ConsentStatement, add_timeline_event, create_worker_record
from corridor.people.timeline import TimelineMessage


def centres_taking_registrations() -> Any:
    """The employment centres a person may choose: active ones."""
    return Organisation.objects.filter(
        type=OrganisationType.EMPLOYMENT_CENTRE, is_active=True
    ).order_by("name")


@transaction.atomic
def register_self(
    *,
    ip_address: str | None,
    centre: Organisation,
    details: dict[str, Any],
    consents: Sequence[ConsentStatement],
) -> Worker:
    """A pending record at `centre` with the consents the person gave on the form."""
    if not centres_taking_registrations().filter(pk=centre.pk).exists():
        raise ValidationError({"centre": _("Choose an employment centre from the list.")})
    if not any(c.purpose == ConsentPurpose.REGISTRATION and c.is_given for c in consents):
        raise ValidationError(
            {"consent": _("Without your consent to registration we cannot keep your record.")}
        )
    if not details.get("phone"):
        raise ValidationError({"phone": _("Give a phone number: the centre calls you on it.")})
    actor = Actor(user=None, organisation_id=centre.pk, ip_address=ip_address)
    return create_worker_record(
        actor=actor,
        organisation=centre,
        details=details,
        consents=consents,
        consent_method=ConsentMethod.SELF_SERVICE,
        consent_note=_("given on the public registration form"),
        awaiting_confirmation=True,
    )


@transaction.atomic
def confirm_registration(*, actor: Actor, worker: Worker) -> Worker:
    """The centre met the person and confirms the record they made; audited."""
    require_permission_in(actor, Permission.CHANGE_WORKERS, worker.organisation)
    worker = Worker.objects.select_for_update().get(pk=worker.pk)
    if worker.awaiting_confirmation_since is None:
        raise ValidationError(_("This record is not waiting for a confirmation."))
    since = worker.awaiting_confirmation_since
    worker.awaiting_confirmation_since = None
    worker.version += 1
    worker.save(update_fields=["awaiting_confirmation_since", "version"])
    add_timeline_event(
        worker, actor, TimelineKind.UPDATED, message=TimelineMessage.REGISTRATION_CONFIRMED
    )
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=worker,
        worker_id=worker.pk,
        changes={"awaiting_confirmation_since": [since.isoformat(), None]},
    )
    return worker
