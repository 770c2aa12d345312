import pytest

from corridor.accounts.models import Membership, Organisation, OrganisationType, User
from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import OrganisationFactory, member
from corridor.core import audit
from corridor.core.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url", ["/accounts/organisations/", "/accounts/users/", "/accounts/audit/"]
)
def test_caseworker_may_not_open_admin_pages(client, url):
    client.force_login(member(Role.CASEWORKER))

    assert client.get(url).status_code == 403


def test_programme_office_admin_creates_an_organisation_and_it_is_audited(client):
    admin = member(Role.ADMIN, type=OrganisationType.PROGRAMME_OFFICE)
    client.force_login(admin)

    response = client.post(
        "/accounts/organisations/new/",
        {
            "name": "Volga Recruiting",
            "type": "recruiter",
            "country": "ru",
            "licence_number": "L-9",
            "is_active": "on",
        },
    )

    organisation = Organisation.objects.get(name="Volga Recruiting")
    assert response.status_code == 302
    assert response.url == f"/accounts/organisations/{organisation.pk}/"
    assert organisation.country == "RU"
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(organisation.pk))
    assert event.actor == admin
    assert event.changes["name"] == [None, "Volga Recruiting"]


def test_organisation_with_unknown_country_is_refused_with_422_and_not_saved(client):
    client.force_login(member(Role.ADMIN, type=OrganisationType.PROGRAMME_OFFICE))
    before = Organisation.objects.count()

    response = client.post(
        "/accounts/organisations/new/", {"name": "Nowhere", "type": "ngo", "country": "XX"}
    )

    assert response.status_code == 422
    assert "country" in response.context["form"].errors
    assert Organisation.objects.count() == before


def test_admin_adds_a_user_to_their_organisation_and_it_is_audited(client):
    admin = member(Role.ADMIN)
    organisation = admin.active_memberships[0].organisation
    client.force_login(admin)

    response = client.post(
        "/accounts/users/",
        {
            "email": "New.Caseworker@Example.org",
            "full_name": "Dilnoza K.",
            "organisation": organisation.pk,
            "role": "caseworker",
            "password": "a-long-passphrase-42",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(email="new.caseworker@example.org")
    assert user.check_password("a-long-passphrase-42")
    assert list(Membership.objects.filter(user=user).values_list("organisation", "role")) == [
        (organisation.pk, "caseworker")
    ]
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(user.pk)).count() == 1


def test_admin_cannot_add_a_user_to_another_organisation(client):
    admin = member(Role.ADMIN)
    other = OrganisationFactory.create()
    client.force_login(admin)

    response = client.post(
        "/accounts/users/",
        {
            "email": "intruder@example.org",
            "organisation": other.pk,
            "role": "admin",
            "password": "a-long-passphrase-42",
        },
    )

    assert response.status_code == 422
    assert not User.objects.filter(email="intruder@example.org").exists()


def test_weak_password_is_refused_with_422_and_no_user(client):
    admin = member(Role.ADMIN)
    client.force_login(admin)

    response = client.post(
        "/accounts/users/",
        {
            "email": "weak@example.org",
            "organisation": admin.active_memberships[0].organisation.pk,
            "role": "caseworker",
            "password": "1234567890",
        },
    )

    assert response.status_code == 422
    assert not User.objects.filter(email="weak@example.org").exists()


def test_admin_sees_only_their_organisations_audit_events(client):
    admin, stranger = member(Role.ADMIN), member(Role.CASEWORKER)
    mine = audit.record(
        actor=audit.Actor(user=admin, organisation_id=admin.active_memberships[0].organisation_id),
        action=AuditAction.EXPORT,
    )
    audit.record(
        actor=audit.Actor(
            user=stranger, organisation_id=stranger.active_memberships[0].organisation_id
        ),
        action=AuditAction.EXPORT,
    )
    client.force_login(admin)

    response = client.get("/accounts/audit/?action=export")

    assert response.status_code == 200
    assert list(response.context["page"]) == [mine]


def test_programme_office_admin_sees_every_organisations_events(client):
    admin = member(Role.ADMIN, type=OrganisationType.PROGRAMME_OFFICE)
    stranger = member(Role.CASEWORKER)
    audit.record(
        actor=audit.Actor(
            user=stranger, organisation_id=stranger.active_memberships[0].organisation_id
        ),
        action=AuditAction.EXPORT,
    )
    client.force_login(admin)

    response = client.get("/accounts/audit/?action=export")

    assert [event.actor for event in response.context["page"]] == [stranger]


def test_audit_log_with_a_malformed_worker_id_answers_200_not_500(client):
    client.force_login(member(Role.ADMIN))

    response = client.get("/accounts/audit/?worker=not-a-uuid")

    assert response.status_code == 200
