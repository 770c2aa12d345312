"""The duplicate review shows a pair side by side (phones, birth dates) only to those who may
merge it: staff who change both records. A grant to read two records is not enough."""

import pytest
from django.core.management import call_command

from corridor.accounts.models import OrganisationType
from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import OrganisationFactory, member
from corridor.core.models import AuditAction, AuditEvent
from corridor.identity.models import DuplicatePair
from corridor.identity.tests.test_merge import _two_records
from corridor.people.tests.factories import bearer, share

pytestmark = pytest.mark.django_db


def test_an_employer_with_grants_on_both_records_does_not_see_the_pair(client):
    caseworker = member(Role.CASEWORKER)
    kept, other = _two_records(caseworker)
    call_command("dedupe")
    pair = DuplicatePair.objects.get()
    company = OrganisationFactory.create(type=OrganisationType.EMPLOYER, country="RU")
    for worker in (kept, other):
        share(caseworker, worker, company)
    employer = member(Role.EMPLOYER, company)
    client.force_login(employer)

    queue = client.get("/identity/review/")
    page = client.get(f"/identity/review/{pair.pk}/")
    listed = client.get("/api/v1/identity/pairs", headers=bearer(employer))

    assert page.status_code == 404
    assert kept.reference not in queue.content.decode()
    assert listed.json()["count"] == 0
    assert not AuditEvent.objects.filter(actor=employer, action=AuditAction.VIEW).exists()
    assert client.get("/identity/review/").status_code == 200


def test_the_caseworker_who_changes_both_records_still_reviews_the_pair(client):
    caseworker = member(Role.CASEWORKER)
    _two_records(caseworker)
    call_command("dedupe")
    pair = DuplicatePair.objects.get()
    client.force_login(caseworker)

    assert client.get(f"/identity/review/{pair.pk}/").status_code == 200
    assert client.get("/api/v1/identity/pairs").json()["count"] == 1
