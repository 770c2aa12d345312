"""A workflow's actor must hold the permission in the organisation it acts for."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from corridor.accounts.permissions import require_permission_in
from corridor.accounts.roles import Permission, Role
from corridor.accounts.tests.factories import member
from corridor.core.audit import Actor


def _actor(user) -> Actor:
    return Actor(user=user, organisation_id=user.active_memberships[0].organisation_id)


@pytest.mark.django_db
def test_a_caseworker_may_change_workers_of_their_own_centre():
    caseworker = member(Role.CASEWORKER)

    # Allowed: returns without raising.
    require_permission_in(
        _actor(caseworker),
        Permission.CHANGE_WORKERS,
        caseworker.active_memberships[0].organisation,
    )


@pytest.mark.django_db
def test_a_caseworker_of_another_centre_is_refused_with_a_message():
    caseworker, other = member(Role.CASEWORKER), member(Role.CASEWORKER)

    with (
        translation.override("en"),
        pytest.raises(PermissionDenied, match=r"^You may not do this for that organisation\.$"),
    ):
        require_permission_in(
            _actor(caseworker), Permission.CHANGE_WORKERS, other.active_memberships[0].organisation
        )


@pytest.mark.django_db
def test_a_role_without_the_permission_is_refused_in_its_own_organisation():
    worker_login = member(Role.WORKER)

    with pytest.raises(PermissionDenied):
        require_permission_in(
            _actor(worker_login),
            Permission.CHANGE_WORKERS,
            worker_login.active_memberships[0].organisation,
        )
