"""Every grant purpose says what it opens, what consent it rests on and who may receive it."""

from corridor.people.access import SECTIONS_BY_GRANT_PURPOSE, Section
from corridor.people.models import ConsentPurpose, GrantPurpose
from corridor.people.services import (
    CONSENT_FOR_GRANT,
    RECEIVERS_FOR_GRANT,
    grant_purposes_resting_on,
)


def test_every_grant_purpose_is_in_each_table():
    purposes = set(GrantPurpose.values)

    assert set(SECTIONS_BY_GRANT_PURPOSE) == purposes
    assert set(CONSENT_FOR_GRANT) == purposes
    assert set(RECEIVERS_FOR_GRANT) == purposes


def test_no_grant_shows_consent_history_or_the_other_grants():
    for purpose, sections in SECTIONS_BY_GRANT_PURPOSE.items():
        assert Section.CONSENTS not in sections or purpose == GrantPurpose.TRANSFER
        assert Section.GRANTS not in sections, purpose
        assert Section.VIEWERS not in sections, purpose


def test_withdrawing_each_consent_ends_exactly_the_grants_resting_on_it():
    assert grant_purposes_resting_on(ConsentPurpose.MATCHING) == [GrantPurpose.APPLICATION]
    assert grant_purposes_resting_on(ConsentPurpose.REFERRALS) == [GrantPurpose.REFERRAL]
    assert grant_purposes_resting_on(ConsentPurpose.AUTHORITY_SHARING) == [GrantPurpose.AUTHORITY]
    assert grant_purposes_resting_on(ConsentPurpose.STATISTICS) == []
