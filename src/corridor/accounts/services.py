"""Managing organisations and their users; audited like personal data."""

import uuid

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.accounts.models import (
    ROLES_BY_ORGANISATION_TYPE,
    ApiToken,
    Membership,
    Organisation,
    User,
)
from corridor.accounts.roles import Permission
from corridor.core import audit
from corridor.core.audit import Actor
from corridor.core.bounds import check_bounds
from corridor.core.models import AuditAction, AuditEvent


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
    """Create a user with one membership; only an administrator of that organisation (or of
    the programme office) may."""
    administered = Organisation.objects.administered_by(actor.user, Permission.MANAGE_USERS)
    if not administered.filter(pk=organisation.pk).exists():
        raise PermissionDenied(_("You may not add users to that organisation."))
    if role not in ROLES_BY_ORGANISATION_TYPE.get(organisation.type, frozenset()):
        raise ValidationError({"role": [_("This role does not fit an organisation of this kind.")]})
    user = User(email=email.lower(), full_name=full_name)
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
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


# What an organisation's own administrator may change. Its type decides its members'
# permissions, its licence is checked by the programme, and deactivating it locks out every
# member: those stay with the programme office.
OWN_ADMINISTRATOR_FIELDS = frozenset({"name"})
ORGANISATION_FIELDS = (
    "name",
    "type",
    "country",
    "licence_number",
    "licence_valid_from",
    "licence_valid_until",
    "is_active",
)


def may_create_organisations(user: User) -> bool:
    return user.is_superuser or user.in_programme_office_with(Permission.MANAGE_ORGANISATIONS)


def editable_organisation_fields(user: User) -> frozenset[str]:
    """The organisation fields `user` may change on an organisation they administer."""
    if may_create_organisations(user):
        return frozenset(ORGANISATION_FIELDS)
    return OWN_ADMINISTRATOR_FIELDS


@transaction.atomic
def save_organisation(*, actor: Actor, organisation: Organisation) -> Organisation:
    """Create or change an organisation, scoped (one's own, or any for the programme office)
    and audited with each changed field's old and new value."""
    user = actor.user
    if organisation._state.adding:
        if not may_create_organisations(user):
            raise PermissionDenied(_("Only the programme office adds organisations."))
        stored = None
    else:
        stored = (
            Organisation.objects.administered_by(user)
            .select_for_update()
            .filter(pk=organisation.pk)
            .first()
        )
        if stored is None:
            raise PermissionDenied(_("You may not manage that organisation."))
    before = {name: getattr(stored, name) for name in ORGANISATION_FIELDS} if stored else {}
    changes = audit.diff(
        before, {name: getattr(organisation, name) for name in ORGANISATION_FIELDS}
    )
    refused = set(changes) - editable_organisation_fields(user)
    if refused:
        raise PermissionDenied(
            _("You may not change these fields: %(fields)s.")
            % {"fields": ", ".join(sorted(refused))}
        )
    check_bounds(organisation)
    organisation.save()
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE if stored else AuditAction.CREATE,
        obj=organisation,
        changes=changes,
    )
    return organisation


def record_audit_log_read(
    *, actor: Actor, action: str, worker_id: uuid.UUID | None, page: int
) -> None:
    """The audit log names who saw whose record: reading it is audited like a record."""
    audit.record(
        actor=actor,
        action=AuditAction.VIEW,
        object_type=AuditEvent._meta.label_lower,
        worker_id=worker_id,
        changes={"part": "audit log", "action": action, "page": page},
    )


def _may_act_for(actor: Actor, user: User) -> bool:
    # A token is its owner's own business; an operator at the console (no user) may issue one.
    acting = actor.user if getattr(actor.user, "is_authenticated", False) else None
    return acting is None or acting.pk == user.pk


@transaction.atomic
def issue_token(
    *, actor: Actor, user: User, name: str, lifetime_days: int | None = None
) -> tuple[ApiToken, str]:
    """A new API token for `user` and its raw value, to be shown once; audited without it."""
    if not _may_act_for(actor, user):
        raise PermissionDenied(_("You may issue tokens only for yourself."))
    days = settings.API_TOKEN_LIFETIME_DAYS if lifetime_days is None else lifetime_days
    if not 1 <= days <= settings.API_TOKEN_MAX_LIFETIME_DAYS:
        raise ValidationError(
            {
                "lifetime_days": [
                    _("A token lives from 1 to %(most)s days.")
                    % {"most": settings.API_TOKEN_MAX_LIFETIME_DAYS}
                ]
            }
        )
    token, raw = ApiToken.issue(user=user, name=name, lifetime_days=days)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=token,
        changes={
            "name": [None, token.name],
            "prefix": [None, token.prefix],
            "expires_at": [None, token.expires_at.isoformat()],
        },
        actor_label="" if actor.user is not None else "operator (corridor createtoken)",
    )
    return token, raw


@transaction.atomic
def revoke_token(*, actor: Actor, token: ApiToken) -> ApiToken:
    """Revoke `token` now; revoking a revoked token changes nothing."""
    if not _may_act_for(actor, token.user):
        raise PermissionDenied(_("You may revoke only your own tokens."))
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is not None:
        return locked
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=locked,
        changes={"revoked_at": [None, locked.revoked_at.isoformat()]},
    )
    return locked


@transaction.atomic
def lift_login_pause(*, actor: Actor, user: User, reason: str) -> int:
    """End the pause django-axes put on signing in to `user`'s account (its failed attempts
    are forgotten; a paused client address stays paused). Audited when there was something to
    lift; returns how many attempt records went."""
    if not user.email:
        return 0  # signs in by phone code: django-axes never paused it
    cleared = axes_reset(username=user.email.lower())
    if cleared:
        audit.record(
            actor=actor,
            action=AuditAction.LOGIN_PAUSE_LIFTED,
            obj=user,
            changes={"reason": reason, "attempts_cleared": cleared},
        )
    return cleared


def set_preferred_language(*, user: User, language: str) -> bool:
    """Remember a signed-in user's interface language (and script) on their account, so it
    follows them to another phone; messages to them are written in it too. False when the
    code is not one the interface speaks."""
    if language not in dict(settings.LANGUAGES):
        return False
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return True
