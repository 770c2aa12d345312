"""Withdrawing consent ends the grants resting on it, in the same transaction: the former
grant holder's next read of W answers 404 on the page and the API (decision 0009)."""

import pytest
from django.test import Client

from corridor.core.tests.matrix.world import AUTHORITY, EMP_GRANT, PARTNER_REF, REC_GRANT, World
from corridor.people import services
from corridor.people.models import AccessGrant, ConsentPurpose
from corridor.people.tests.factories import actor

RESTING_ON = [
    (ConsentPurpose.MATCHING, REC_GRANT),
    (ConsentPurpose.MATCHING, EMP_GRANT),
    (ConsentPurpose.REFERRALS, PARTNER_REF),
    (ConsentPurpose.AUTHORITY_SHARING, AUTHORITY),
]


def _withdraw(world: World, purpose: str) -> None:
    services.record_consent(
        actor=actor(world.users["own_caseworker"]),
        worker=world.workers["W"],
        purpose=purpose,
        is_given=False,
        method="signed_form",
    )


@pytest.mark.parametrize(("purpose", "role"), RESTING_ON)
def test_withdrawn_consent_ends_the_grants_resting_on_it(world, db, purpose, role):
    worker = world.workers["W"]
    holder = world.organisations_of(role)

    _withdraw(world, purpose)

    assert not AccessGrant.objects.active().filter(worker=worker, organisation=holder).exists()


@pytest.mark.parametrize(("purpose", "role"), RESTING_ON)
def test_the_former_grant_holder_gets_404_on_page_and_api(world, db, purpose, role):
    worker = world.workers["W"]
    _withdraw(world, purpose)
    page, api = Client(), Client(headers={"authorization": f"Bearer {world.tokens[role]}"})
    page.force_login(world.users[role])

    assert page.get(f"/workers/{worker.pk}/").status_code == 404
    assert api.get(f"/api/v1/workers/{worker.pk}").status_code == 404


@pytest.mark.parametrize(
    ("role", "purpose"),
    [
        (REC_GRANT, "application"),  # shortlisting shares with the vacancy's recruiter
        (EMP_GRANT, "application"),  # and its employer
        (PARTNER_REF, "referral"),  # sending a referral shares with the partner
        (AUTHORITY, "authority"),
    ],
)
def test_the_world_holds_the_grant_each_role_is_named_for(world, db, role, purpose):
    # Else the matrix's grant-holder cases would prove nothing (and withdrawal above neither).
    grants = AccessGrant.objects.active().filter(
        worker=world.workers["W"], organisation=world.organisations_of(role)
    )

    assert list(grants.values_list("purpose", flat=True)) == [purpose]
