import datetime

import pytest

from corridor.accounts.models import Organisation, OrganisationType
from corridor.accounts.roles import ROLE_PERMISSIONS, Permission, Role, role_has
from corridor.accounts.tests.factories import MembershipFactory, OrganisationFactory, member


def test_every_role_has_its_permissions_declared():
    assert set(ROLE_PERMISSIONS) == set(Role.values)


def test_donor_may_see_aggregates_only():
    assert ROLE_PERMISSIONS[Role.DONOR] == frozenset({Permission.VIEW_AGGREGATES})


def test_worker_may_see_only_their_own_record():
    assert ROLE_PERMISSIONS[Role.WORKER] == frozenset({Permission.VIEW_SELF})


def test_only_admins_browse_the_audit_log_and_manage_users():
    for permission in (Permission.VIEW_AUDIT, Permission.MANAGE_USERS, Permission.DELETE_WORKERS):
        assert [role for role in Role.values if role_has(role, permission)] == ["admin"]


def test_caseworker_registers_changes_and_shares_but_cannot_delete():
    assert role_has(Role.CASEWORKER, Permission.REGISTER_WORKERS)
    assert role_has(Role.CASEWORKER, Permission.CHANGE_WORKERS)
    assert role_has(Role.CASEWORKER, Permission.SHARE_WORKERS)
    assert not role_has(Role.CASEWORKER, Permission.DELETE_WORKERS)


def test_recruiter_sees_only_shared_workers():
    assert role_has(Role.RECRUITER, Permission.VIEW_SHARED_WORKERS)
    assert not role_has(Role.RECRUITER, Permission.VIEW_OWN_WORKERS)
    assert not role_has(Role.RECRUITER, Permission.REGISTER_WORKERS)


def test_unknown_role_has_no_permission():
    assert not role_has("janitor", Permission.VIEW_AGGREGATES)


@pytest.mark.django_db
def test_permissions_hold_only_in_the_organisation_of_the_membership():
    user = member(Role.CASEWORKER)
    own = user.active_memberships[0].organisation
    other = OrganisationFactory.create()

    assert user.has_perm_in(Permission.CHANGE_WORKERS, own.pk)
    assert not user.has_perm_in(Permission.CHANGE_WORKERS, other.pk)
    assert user.organisation_ids_with(Permission.CHANGE_WORKERS) == [own.pk]
    assert user.organisation_ids_with(Permission.MANAGE_USERS) == []


@pytest.mark.django_db
def test_membership_of_an_inactive_organisation_grants_nothing():
    user = member(Role.ADMIN, is_active=False)

    assert user.active_memberships == []
    assert not user.has_any_perm(Permission.VIEW_OWN_WORKERS)


@pytest.mark.django_db
def test_two_memberships_give_each_role_in_its_own_organisation():
    user = member(Role.CASEWORKER)
    donor_org = OrganisationFactory.create(type=OrganisationType.DONOR)
    MembershipFactory.create(user=user, organisation=donor_org, role=Role.DONOR)
    user = type(user).objects.get(pk=user.pk)

    assert user.organisation_ids_with(Permission.VIEW_AGGREGATES) == sorted(
        [user.memberships.get(role=Role.CASEWORKER).organisation_id, donor_org.pk],
        key=lambda pk: [m.organisation_id for m in user.active_memberships].index(pk),
    )
    assert not user.has_perm_in(Permission.REGISTER_WORKERS, donor_org.pk)


@pytest.mark.django_db
def test_staff_may_look_up_every_organisation_but_a_donor_only_their_own():
    caseworker = member(Role.CASEWORKER)
    donor = member(Role.DONOR, type=OrganisationType.DONOR)

    assert Organisation.objects.for_user(caseworker).count() == 2
    assert list(Organisation.objects.for_user(donor)) == [donor.active_memberships[0].organisation]


@pytest.mark.django_db
def test_recruiter_licence_is_valid_only_within_its_period():
    organisation = OrganisationFactory.create(
        type=OrganisationType.RECRUITER,
        licence_number="L-1",
        licence_valid_from=datetime.date(2025, 1, 1),
        licence_valid_until=datetime.date(2026, 12, 31),
    )

    assert organisation.has_valid_licence(on=datetime.date(2025, 6, 1))
    assert not organisation.has_valid_licence(on=datetime.date(2024, 12, 31))
    assert not organisation.has_valid_licence(on=datetime.date(2027, 1, 1))


@pytest.mark.django_db
def test_organisation_without_licence_number_has_no_valid_licence():
    assert not OrganisationFactory.create(type=OrganisationType.RECRUITER).has_valid_licence()


def test_complaints_are_handled_by_programme_managers_and_only_administrators_see_who_complained():
    handle, see = Permission.HANDLE_COMPLAINTS, Permission.VIEW_CONFIDENTIAL_COMPLAINANTS
    handlers = {role for role in Role.values if role_has(role, handle)}
    seers = {role for role in Role.values if role_has(role, see)}

    assert (handlers, seers) == ({Role.ADMIN, Role.MANAGER}, {Role.ADMIN})
