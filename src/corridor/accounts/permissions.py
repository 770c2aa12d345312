"""Permission checks for workflows: the one place a service asks whether its actor may act.

Which permissions each role carries is decided in `accounts/roles.py`; this module only asks.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from corridor.accounts.models import Organisation
from corridor.accounts.roles import Permission
from corridor.core.audit import Actor


def require_permission_in(actor: Actor, permission: Permission, organisation: Organisation) -> None:
    """Refuse (PermissionDenied, a 403) unless the actor holds `permission` in `organisation`."""
    if not actor.user.has_perm_in(permission, organisation.pk):
        raise PermissionDenied(_("You may not do this for that organisation."))
