"""Withdrawing a consent ends, in the same transaction, all sharing that rested on it."""

import pytest

from corridor.accounts.models import OrganisationType
from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import OrganisationFactory, member, recruiter
from corridor.core.models import AuditAction, AuditEvent
from corridor.people.models import AccessGrant, ConsentPurpose, TimelineEvent, TimelineKind
from corridor.people.tests.factories import bearer, give_consent, share

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency(db):
    return recruiter()


def test_withdrawing_matching_consent_ends_the_recruiters_grant(client, caseworker, worker, agency):
    grant = share(caseworker, worker, agency.active_memberships[0].organisation)
    client.force_login(agency)
    assert client.get(f"/workers/{worker.pk}/").status_code == 200

    give_consent(caseworker, worker, ConsentPurpose.MATCHING, is_given=False)

    grant.refresh_from_db()
    assert grant.revoked_at is not None
    assert not AccessGrant.objects.active().filter(worker=worker).exists()
    assert client.get(f"/workers/{worker.pk}/").status_code == 404
    assert client.get(f"/api/v1/workers/{worker.pk}", headers=bearer(agency)).status_code == 404
    assert TimelineEvent.objects.filter(worker=worker, kind=TimelineKind.UNSHARED).count() == 1
    assert (
        AuditEvent.objects.filter(
            worker_id=worker.pk, action=AuditAction.REVOKE, object_id=str(grant.pk)
        ).count()
        == 1
    )


def test_withdrawal_through_the_api_ends_the_grant_too(client, caseworker, worker, agency):
    grant = share(caseworker, worker, agency.active_memberships[0].organisation)

    response = client.post(
        f"/api/v1/workers/{worker.pk}/consents",
        {"purpose": "matching", "given": False, "method": "verbal"},
        content_type="application/json",
        headers=bearer(caseworker),
    )

    assert response.status_code == 201
    grant.refresh_from_db()
    assert grant.revoked_at is not None


def test_withdrawing_another_purpose_leaves_the_grant(caseworker, worker, agency):
    grant = share(caseworker, worker, agency.active_memberships[0].organisation)

    give_consent(caseworker, worker, ConsentPurpose.MESSAGES, is_given=False)

    grant.refresh_from_db()
    assert grant.revoked_at is None


def test_withdrawing_referral_consent_ends_referral_grants_only(caseworker, worker, agency):
    ngo = member(Role.PARTNER, OrganisationFactory.create(type=OrganisationType.NGO))
    give_consent(caseworker, worker, ConsentPurpose.REFERRALS)
    referral = share(caseworker, worker, ngo.active_memberships[0].organisation, purpose="referral")
    application = share(caseworker, worker, agency.active_memberships[0].organisation)

    give_consent(caseworker, worker, ConsentPurpose.REFERRALS, is_given=False)

    referral.refresh_from_db()
    application.refresh_from_db()
    assert referral.revoked_at is not None
    assert application.revoked_at is None


def test_the_worker_withdrawing_on_their_own_page_ends_the_grant(
    client, caseworker, worker, agency
):
    from corridor.accounts.tests.factories import UserFactory

    own_login = UserFactory.create()
    worker.user = own_login
    worker.save(update_fields=["user"])
    grant = share(caseworker, worker, agency.active_memberships[0].organisation)
    client.force_login(own_login)

    response = client.post(
        "/workers/me/", {"purpose": "matching", "is_given": "0", "method": "self_service"}
    )

    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.revoked_at is not None
