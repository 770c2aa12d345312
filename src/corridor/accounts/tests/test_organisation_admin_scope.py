"""Organisation administration is scoped: one's own organisation, the programme office for all."""

import pytest

from corridor.accounts.models import Membership, Organisation, OrganisationType, User
from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import OrganisationFactory, member
from corridor.core.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


def _snapshot(organisation: Organisation) -> tuple:
    organisation.refresh_from_db()
    return (organisation.name, organisation.type, organisation.is_active, organisation.country)


def _centres():
    kyrgyz = OrganisationFactory.create(name="Bishkek employment centre", country="KG")
    tajik = OrganisationFactory.create(name="Dushanbe employment centre", country="TJ")
    employer = OrganisationFactory.create(
        name="OOO Stroy", type=OrganisationType.EMPLOYER, country="RU"
    )
    return kyrgyz, tajik, employer


def _edit(organisation: Organisation, **changes) -> dict:
    data = {
        "name": organisation.name,
        "type": organisation.type,
        "country": organisation.country,
        "licence_number": organisation.licence_number,
        "is_active": "on" if organisation.is_active else "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def test_centre_admin_cannot_rename_another_centre_or_deactivate_an_employer(client):
    kyrgyz, tajik, employer = _centres()
    client.force_login(member(Role.ADMIN, kyrgyz))
    before = (_snapshot(tajik), _snapshot(employer))
    audit_before = AuditEvent.objects.count()

    renamed = client.post(
        f"/accounts/organisations/{tajik.pk}/edit/", _edit(tajik, name="Taken over")
    )
    deactivated = client.post(
        f"/accounts/organisations/{employer.pk}/edit/", _edit(employer, is_active="")
    )
    opened = client.get(f"/accounts/organisations/{tajik.pk}/edit/")

    assert (renamed.status_code, deactivated.status_code, opened.status_code) == (404, 404, 404)
    assert (_snapshot(tajik), _snapshot(employer)) == before
    assert AuditEvent.objects.count() == audit_before


def test_centre_admin_cannot_see_another_organisations_members(client):
    kyrgyz, tajik, _ = _centres()
    stranger = member(Role.CASEWORKER, tajik)
    client.force_login(member(Role.ADMIN, kyrgyz))

    detail = client.get(f"/accounts/organisations/{tajik.pk}/")
    listing = client.get("/accounts/organisations/")

    assert detail.status_code == 404
    assert stranger.email not in detail.content.decode()
    assert list(listing.context["organisations"]) == [kyrgyz]


def test_centre_admin_renames_their_own_centre_and_it_is_audited_with_old_and_new(client):
    kyrgyz, _, _ = _centres()
    admin = member(Role.ADMIN, kyrgyz)
    client.force_login(admin)

    response = client.post(
        f"/accounts/organisations/{kyrgyz.pk}/edit/", {"name": "Osh employment centre"}
    )

    assert response.status_code == 302
    kyrgyz.refresh_from_db()
    assert kyrgyz.name == "Osh employment centre"
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(kyrgyz.pk))
    assert event.actor == admin
    assert event.organisation_id == kyrgyz.pk
    assert event.changes == {"name": ["Bishkek employment centre", "Osh employment centre"]}


def test_centre_admin_cannot_make_their_centre_a_programme_office_or_deactivate_it(client):
    kyrgyz, _, _ = _centres()
    client.force_login(member(Role.ADMIN, kyrgyz))

    client.post(
        f"/accounts/organisations/{kyrgyz.pk}/edit/",
        _edit(kyrgyz, type=OrganisationType.PROGRAMME_OFFICE, is_active="", licence_number="L-1"),
    )

    kyrgyz.refresh_from_db()
    assert kyrgyz.type == OrganisationType.EMPLOYMENT_CENTRE
    assert kyrgyz.is_active is True
    assert kyrgyz.licence_number == ""


def test_centre_admin_may_not_create_organisations(client):
    kyrgyz, _, _ = _centres()
    client.force_login(member(Role.ADMIN, kyrgyz))
    before = Organisation.objects.count()

    response = client.post(
        "/accounts/organisations/new/",
        {"name": "Shadow office", "type": "programme_office", "country": "KG", "is_active": "on"},
    )

    assert response.status_code == 403
    assert Organisation.objects.count() == before


def test_programme_office_admin_edits_any_organisation_and_it_is_audited(client):
    _, tajik, employer = _centres()
    office = OrganisationFactory.create(type=OrganisationType.PROGRAMME_OFFICE, country="RU")
    admin = member(Role.ADMIN, office)
    client.force_login(admin)

    response = client.post(
        f"/accounts/organisations/{employer.pk}/edit/", _edit(employer, is_active="")
    )

    assert response.status_code == 302
    employer.refresh_from_db()
    assert employer.is_active is False
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(employer.pk))
    assert event.actor == admin
    assert event.changes == {"is_active": [True, False]}
    assert client.get(f"/accounts/organisations/{tajik.pk}/").status_code == 200


def test_programme_office_admin_adds_the_first_user_of_an_employer(client):
    _, _, employer = _centres()
    office = OrganisationFactory.create(type=OrganisationType.PROGRAMME_OFFICE, country="RU")
    client.force_login(member(Role.ADMIN, office))

    response = client.post(
        "/accounts/users/",
        {
            "email": "hr@stroy.example",
            "organisation": employer.pk,
            "role": "employer",
            "password": "a-long-passphrase-42",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(email="hr@stroy.example")
    assert list(Membership.objects.filter(user=user).values_list("organisation", "role")) == [
        (employer.pk, "employer")
    ]


def test_centre_admin_user_list_shows_only_their_organisations_users(client):
    kyrgyz, tajik, _ = _centres()
    stranger = member(Role.CASEWORKER, tajik)
    colleague = member(Role.CASEWORKER, kyrgyz)
    admin = member(Role.ADMIN, kyrgyz)
    client.force_login(admin)

    response = client.get("/accounts/users/")

    assert set(response.context["users"]) == {colleague, admin}
    assert stranger.email not in response.content.decode()


@pytest.mark.parametrize(
    ("organisation_type", "role"),
    [
        (OrganisationType.EMPLOYER, Role.ADMIN),
        (OrganisationType.EMPLOYER, Role.CASEWORKER),
        (OrganisationType.RECRUITER, Role.MANAGER),
        (OrganisationType.DONOR, Role.AUTHORITY),
        (OrganisationType.EMPLOYMENT_CENTRE, Role.EMPLOYER),
    ],
)
def test_a_role_that_does_not_fit_the_organisation_is_refused_with_422(
    client, organisation_type, role
):
    # An employer's user made "administrator" would register and see workers like a centre.
    target = OrganisationFactory.create(type=organisation_type, country="RU")
    office = OrganisationFactory.create(type=OrganisationType.PROGRAMME_OFFICE, country="RU")
    client.force_login(member(Role.ADMIN, office))

    response = client.post(
        "/accounts/users/",
        {
            "email": "misfit@example.org",
            "organisation": target.pk,
            "role": role,
            "password": "a-long-passphrase-42",
        },
    )

    assert response.status_code == 422
    assert "role" in response.context["form"].errors
    assert not User.objects.filter(email="misfit@example.org").exists()
