"""Managing organisations and their users; audited like personal data."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from corridor.accounts.models import Membership, Organisation, User
from corridor.accounts.roles import Permission
from corridor.core import audit
from corridor.core.audit import Actor
from corridor.core.models import AuditAction


@transaction.atomic
def create_user(
    *,
    actor: Actor,
    email: str,
    full_name: str,
    organisation: Organisation,
    role: str,
    password: str,
) -> User:
    """Create a user with one membership; only an admin of that organisation may."""
    if not actor.user.has_perm_in(Permission.MANAGE_USERS, organisation.pk):
        raise PermissionDenied(_("You may not add users to that organisation."))
    user = User(email=email.lower(), full_name=full_name)
    validate_password(password, user)
    user.set_password(password)
    user.save()
    Membership.objects.create(user=user, organisation=organisation, role=role)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=user,
        changes={
            "email": [None, user.email],
            "organisation": [None, str(organisation.pk)],
            "role": [None, role],
        },
    )
    return user


@transaction.atomic
def save_organisation(
    *, actor: Actor, organisation: Organisation, changed: list[str]
) -> Organisation:
    if not actor.user.has_any_perm(Permission.MANAGE_ORGANISATIONS):
        raise PermissionDenied(_("You may not manage organisations."))
    is_new = organisation._state.adding
    organisation.save()
    audit.record(
        actor=actor,
        action=AuditAction.CREATE if is_new else AuditAction.UPDATE,
        obj=organisation,
        changes={name: [None, str(getattr(organisation, name))] for name in changed},
    )
    return organisation
