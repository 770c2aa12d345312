"""Who may change a programme: its office (the reporting organisation) defines it, its funders
and indicators; the office and the implementing partners post results. A manager or
administrator of any other organisation gets 404 and nothing changes."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from corridor.accounts.models import ApiToken, OrganisationType
from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import OrganisationFactory, member
from corridor.core.models import AuditEvent
from corridor.programmes import services
from corridor.programmes.models import Funding, Indicator, Programme, Result
from corridor.programmes.tests.factories import actor_of, indicator, manager, programme

pytestmark = pytest.mark.django_db

BASE = "/api/v1/programmes"
RESULT = {
    "period_start": "2025-07-01",
    "period_end": "2025-12-31",
    "value": 55,
    "evidence": "Quarterly partner report",
}


def bearer(user) -> dict[str, str]:
    _, raw = ApiToken.issue(user=user)
    return {"Authorization": f"Bearer {raw}"}


def setup():
    """A programme of one office with one partner; returns (office manager, partner
    administrator, another organisation's administrator, programme, indicator)."""
    partner = OrganisationFactory.create(name="Partner centre")
    by = manager()
    prog = programme(by, implementing_partners=[partner])
    target = indicator(prog, by)
    stranger = member(Role.ADMIN, OrganisationFactory.create(name="Other centre"))
    return by, member(Role.ADMIN, partner), stranger, prog, target


def audit_count() -> int:
    return AuditEvent.objects.count()


def test_another_organisations_administrator_cannot_post_a_result_over_the_api(client):
    _, _, stranger, _, target = setup()
    before = audit_count()

    response = client.post(
        f"{BASE}/PRG-1/indicators/{target.pk}/results",
        RESULT,
        content_type="application/json",
        headers=bearer(stranger),
    )

    assert response.status_code == 404
    assert Result.objects.count() == 0
    assert audit_count() == before


def test_a_partners_administrator_posts_a_result_over_the_api(client):
    _, partner_admin, _, _, target = setup()

    response = client.post(
        f"{BASE}/PRG-1/indicators/{target.pk}/results",
        RESULT,
        content_type="application/json",
        headers=bearer(partner_admin),
    )

    assert response.status_code == 201
    assert Result.objects.get().entered_by == partner_admin


def test_another_organisations_administrator_cannot_enter_a_result_on_the_page(client):
    _, _, stranger, prog, target = setup()
    client.force_login(stranger)

    page = client.get(reverse("programmes:result_add", args=[prog.code]))
    response = client.post(
        reverse("programmes:result_add", args=[prog.code]), {"indicator": target.pk, **RESULT}
    )

    assert (page.status_code, response.status_code) == (404, 404)
    assert Result.objects.count() == 0


def test_a_partners_administrator_enters_a_result_on_the_page(client):
    _, partner_admin, _, prog, target = setup()
    client.force_login(partner_admin)

    response = client.post(
        reverse("programmes:result_add", args=[prog.code]), {"indicator": target.pk, **RESULT}
    )

    assert response.status_code == 302
    assert Result.objects.get().value == Decimal(55)


@pytest.mark.parametrize("who", ["stranger", "partner"])
def test_only_the_office_edits_the_programme_its_funders_and_indicators(client, who):
    _, partner_admin, stranger, prog, _ = setup()
    donor = OrganisationFactory.create(type=OrganisationType.DONOR)
    client.force_login(stranger if who == "stranger" else partner_admin)
    code = prog.code
    before = audit_count()

    responses = [
        client.get(reverse("programmes:edit", args=[code])),
        client.post(reverse("programmes:edit", args=[code]), {"title": "Changed"}),
        client.get(reverse("programmes:funding_add", args=[code])),
        client.post(
            reverse("programmes:funding_add", args=[code]),
            {"funder": donor.pk, "amount": "1000", "currency": "USD"},
        ),
        client.get(reverse("programmes:indicator_add", args=[code])),
        client.post(
            reverse("programmes:indicator_add", args=[code]),
            {"name": "Trained", "unit": "number", "measure": "1", "is_ascending": "on"},
        ),
    ]

    assert [r.status_code for r in responses] == [404] * 6
    assert Programme.objects.get().title == "Safe labour mobility"
    assert not Funding.objects.exists()
    assert list(Indicator.objects.values_list("name", flat=True)) == ["Workers placed"]
    assert audit_count() == before


def test_the_programme_page_offers_edit_links_only_to_the_office(client):
    by, partner_admin, stranger, prog, _ = setup()
    edit = reverse("programmes:edit", args=[prog.code])
    result = reverse("programmes:result_add", args=[prog.code])

    pages = {}
    for name, user in (("office", by), ("partner", partner_admin), ("stranger", stranger)):
        client.force_login(user)
        html = client.get(prog.get_absolute_url()).content.decode()
        pages[name] = (edit in html, result in html)

    assert pages == {
        "office": (True, True),
        "partner": (False, True),
        "stranger": (False, False),
    }


def test_a_manager_cannot_create_a_programme_in_another_offices_name(client):
    by = manager()
    other_office = OrganisationFactory.create(type=OrganisationType.PROGRAMME_OFFICE, country="RU")
    client.force_login(by)

    response = client.post(
        reverse("programmes:create"),
        {
            "code": "NEW-1", "title": "Not mine", "period_start": "2026-01-01",
            "status": "pipeline", "reporting_organisation": other_office.pk,
            "iati_organisation_identifier": "XX-TEST",
        },
    )  # fmt: skip

    assert response.status_code == 422
    assert "your own organisation" in response.content.decode()
    assert not Programme.objects.exists()


def test_the_office_cannot_hand_its_programme_to_another_office():
    by = manager()
    prog = programme(by)
    other_office = OrganisationFactory.create(type=OrganisationType.PROGRAMME_OFFICE, country="RU")

    with pytest.raises(ValidationError) as refused:
        services.update_programme(
            programme=prog, actor=actor_of(by), reporting_organisation=other_office
        )

    assert list(refused.value.message_dict) == ["reporting_organisation"]
    prog.refresh_from_db()
    assert prog.reporting_organisation_id == by.active_memberships[0].organisation_id


def test_the_services_refuse_another_organisations_manager():
    _, _, stranger, prog, target = setup()
    actor = actor_of(stranger)

    refused = []
    for call in (
        lambda: services.update_programme(programme=prog, actor=actor, title="Changed"),
        lambda: services.add_indicator(programme=prog, actor=actor, name="x", unit="number"),
        lambda: services.add_transaction(programme=prog, actor=actor),
        lambda: services.record_result(
            target,
            datetime.date(2025, 1, 1),
            datetime.date(2025, 6, 30),
            5,
            source="manual",
            evidence="x",
            actor=actor,
        ),
    ):
        with pytest.raises(PermissionDenied):
            call()
        refused.append(True)

    assert refused == [True] * 4
    assert Result.objects.count() == 0
    assert Programme.objects.get().title == "Safe labour mobility"


def test_a_computed_result_needs_no_actor():
    by = manager()
    target = indicator(programme(by), by, metric="returns")

    services.record_result(
        target, datetime.date(2025, 1, 1), datetime.date(2025, 6, 30), 5, actor=None
    )

    assert Result.objects.get().value == Decimal(5)
