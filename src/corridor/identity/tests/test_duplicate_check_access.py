"""'Is this person registered?' is asked only by those who register people: others get 404 with
nothing revealed; each check is rate-limited and writes one audit entry without the details."""

import pytest
from django.core.cache import cache

from corridor.accounts.models import OrganisationType
from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import OrganisationFactory, member
from corridor.core.models import AuditAction, AuditEvent
from corridor.identity import services
from corridor.people.tests.factories import bearer, register

pytestmark = pytest.mark.django_db

TYPED_IN_LATIN = {
    "family_name": "Abdullayev",
    "given_name": "Shahzod",
    "birth_date": "1995-03-14",
    "sex": "M",
    "citizenship": "UZ",
    "phone": "+998 90 123 45 67",
}
INVENTED = {**TYPED_IN_LATIN, "family_name": "Zzyzxova", "given_name": "Qwerty", "phone": ""}

NOT_REGISTERING = [
    (Role.DONOR, OrganisationType.DONOR),
    (Role.WORKER, OrganisationType.EMPLOYMENT_CENTRE),
    (Role.EMPLOYER, OrganisationType.EMPLOYER),
    (Role.AUTHORITY, OrganisationType.AUTHORITY),
    (Role.RECRUITER, OrganisationType.RECRUITER),
    (Role.PARTNER, OrganisationType.NGO),
]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def registered():
    return register(member(Role.CASEWORKER), phone="+998901234567")


def _outsider(role, organisation_type):
    return member(role, OrganisationFactory.create(type=organisation_type, country="RU"))


@pytest.mark.parametrize(("role", "organisation_type"), NOT_REGISTERING)
def test_roles_that_do_not_register_people_get_the_same_404_for_real_and_invented(
    client, registered, role, organisation_type
):
    user = _outsider(role, organisation_type)
    headers = bearer(user)

    real = client.get("/api/v1/identity/duplicates", TYPED_IN_LATIN, headers=headers)
    invented = client.get("/api/v1/identity/duplicates", INVENTED, headers=headers)
    client.force_login(user)
    page = client.get("/identity/duplicates/", TYPED_IN_LATIN)

    assert (real.status_code, invented.status_code, page.status_code) == (404, 404, 404)
    assert real.json() == invented.json()
    assert "elsewhere" not in real.content.decode()
    assert registered.reference not in page.content.decode()
    assert not AuditEvent.objects.filter(actor=user, action=AuditAction.VIEW).exists()


def test_each_check_writes_one_audit_entry_without_the_searched_details(client, registered):
    caseworker = member(Role.CASEWORKER)
    client.force_login(caseworker)
    before = AuditEvent.objects.count()

    api = client.get("/api/v1/identity/duplicates", TYPED_IN_LATIN)
    page = client.get("/identity/duplicates/", TYPED_IN_LATIN)

    assert api.json()["elsewhere"] == 1
    assert page.status_code == 200
    entries = list(AuditEvent.objects.order_by("id")[before:])
    assert len(entries) == 2
    for entry, channel in zip(entries, ["api", "web"], strict=True):
        assert entry.action == AuditAction.VIEW
        assert entry.actor == caseworker
        assert entry.channel == channel
        assert entry.worker_id is None
        assert entry.changes["part"] == "duplicate check"
        assert entry.changes["visible"] == 0
        assert entry.changes["elsewhere"] == 1
        assert sorted(entry.changes["fields"]) == sorted(TYPED_IN_LATIN)
        stored = str(entry.changes)
        for value in ("Abdullayev", "abdullayev", "Shahzod", "1995-03-14", "123 45 67", "12345"):
            assert value.lower() not in stored.lower()
    # The same person looked for twice has the same fingerprint, so fishing shows.
    assert entries[0].changes["subject"] == entries[1].changes["subject"]
    other = services.duplicate_check_fingerprint({**TYPED_IN_LATIN, "given_name": "Aziz"})
    assert other != entries[0].changes["subject"]


def test_a_check_with_nothing_to_look_for_writes_nothing(client):
    client.force_login(member(Role.CASEWORKER))
    before = AuditEvent.objects.count()

    response = client.get("/identity/duplicates/", {"sex": "M"})

    assert response.status_code == 200
    assert AuditEvent.objects.count() == before


def test_checks_are_rate_limited_per_user(client, registered):
    caseworker, colleague = member(Role.CASEWORKER), member(Role.CASEWORKER)
    headers = bearer(caseworker)
    limit = services.DUPLICATE_CHECKS_PER_WINDOW

    answers = [
        client.get("/api/v1/identity/duplicates", TYPED_IN_LATIN, headers=headers).status_code
        for _ in range(limit + 1)
    ]
    client.force_login(caseworker)
    page = client.get("/identity/duplicates/", TYPED_IN_LATIN)
    other = client.get("/api/v1/identity/duplicates", TYPED_IN_LATIN, headers=bearer(colleague))

    assert answers == [200] * limit + [429]
    assert page.status_code == 429
    assert other.status_code == 200
    assert AuditEvent.objects.filter(actor=caseworker, action=AuditAction.VIEW).count() == limit


def test_the_edit_forms_check_leaves_out_the_worker_being_edited(client):
    caseworker = member(Role.CASEWORKER)
    worker = register(caseworker, phone="+998901234567")
    client.force_login(caseworker)

    response = client.get("/identity/duplicates/", {**TYPED_IN_LATIN, "worker": str(worker.pk)})
    malformed = client.get("/identity/duplicates/", {**TYPED_IN_LATIN, "worker": "nope"})

    assert response.status_code == 200
    assert worker.reference not in response.content.decode()
    assert malformed.status_code == 200
