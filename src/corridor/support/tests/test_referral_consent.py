"""A referral needs the worker's consent to referrals, unless an allowed user says why not."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from corridor.core.models import AuditAction, AuditEvent
from corridor.people.models import ConsentPurpose, TimelineEvent, TimelineKind
from corridor.people.tests.factories import give_consent, register, snapshot
from corridor.support.models import Referral, ReferralStatus
from corridor.support.tests.factories import refer

pytestmark = pytest.mark.django_db

OVERRIDE = "Угроза выселения сегодня, работник в больнице и не может подписать согласие"


def test_a_worker_who_consented_is_referred(caseworker, worker, legal_aid):
    referral = refer(caseworker, worker, legal_aid)

    assert referral.status == ReferralStatus.SENT
    assert referral.partner == legal_aid.organisation
    assert referral.category == "legal_aid"
    assert referral.consent_override_reason == ""
    assert referral.is_urgent is False


def test_without_consent_the_referral_is_refused_and_nothing_is_written(caseworker, legal_aid):
    worker = register(caseworker)
    before = snapshot(worker)

    with pytest.raises(ValidationError) as refused:
        refer(caseworker, worker, legal_aid)

    assert "consent" in refused.value.message_dict
    assert "has not consented to sharing with partner services" in str(refused.value)
    assert Referral.objects.count() == 0
    assert snapshot(worker) == before


def test_consent_withdrawn_is_no_consent(caseworker, worker, legal_aid):
    give_consent(caseworker, worker, ConsentPurpose.REFERRALS, is_given=False)

    with pytest.raises(ValidationError):
        refer(caseworker, worker, legal_aid)

    assert Referral.objects.count() == 0


def test_consent_to_another_purpose_is_not_enough(caseworker, legal_aid):
    worker = register(caseworker)
    give_consent(caseworker, worker, ConsentPurpose.MATCHING)

    with pytest.raises(ValidationError):
        refer(caseworker, worker, legal_aid)


def test_an_override_by_a_user_without_the_permission_is_forbidden(caseworker, legal_aid):
    worker = register(caseworker)
    before = snapshot(worker)

    with pytest.raises(PermissionDenied):
        refer(caseworker, worker, legal_aid, consent_override_reason=OVERRIDE)

    assert Referral.objects.count() == 0
    assert snapshot(worker) == before


def test_an_override_needs_a_reason(overrider, caseworker, legal_aid):
    worker = register(caseworker)

    with pytest.raises(ValidationError) as refused:
        refer(overrider, worker, legal_aid, consent_override_reason="   ")

    assert "consent" in refused.value.message_dict
    assert Referral.objects.count() == 0


def test_an_allowed_user_sends_it_without_consent_saying_why(overrider, caseworker, legal_aid):
    worker = register(caseworker)

    referral = refer(overrider, worker, legal_aid, consent_override_reason=OVERRIDE)

    assert referral.consent_override_reason == OVERRIDE
    assert referral.consent_overridden_by == overrider
    assert referral.is_urgent is True
    created = AuditEvent.objects.get(
        object_id=str(referral.pk), action=AuditAction.CREATE, worker_id=worker.pk
    )
    assert created.changes["consent_override"] == [None, OVERRIDE]
    assert created.actor == overrider


def test_the_timeline_never_holds_the_override_reason(overrider, caseworker, legal_aid):
    worker = register(caseworker)

    refer(overrider, worker, legal_aid, consent_override_reason=OVERRIDE)

    entry = TimelineEvent.objects.get(worker=worker, kind=TimelineKind.REFERRAL)
    assert (entry.message, entry.reason) == ("referral_urgent", "")
    assert "выселения" not in entry.text
    assert OVERRIDE not in entry.text
    assert "Migrant Rights Legal Aid Centre" in entry.text


def test_an_override_is_not_stored_when_the_worker_consented(overrider, worker, legal_aid):
    referral = refer(overrider, worker, legal_aid, consent_override_reason=OVERRIDE)

    assert referral.consent_override_reason == ""
    assert referral.consent_overridden_by is None


def test_the_override_is_only_for_the_managers_own_centre(overrider, outsider, legal_aid):
    from corridor.accounts.roles import Role
    from corridor.accounts.tests.factories import member

    other_manager = member(Role.MANAGER, outsider.active_memberships[0].organisation)
    worker = register(overrider)  # a worker of the first centre

    with pytest.raises(PermissionDenied):
        refer(other_manager, worker, legal_aid, consent_override_reason=OVERRIDE)

    assert Referral.objects.count() == 0
