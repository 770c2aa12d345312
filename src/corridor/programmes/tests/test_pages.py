"""Programme pages: managers edit, staff and donors read (counts under 5 hidden from donors),
everyone else is refused."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from lxml import etree

from corridor.accounts.models import OrganisationType
from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import OrganisationFactory, member
from corridor.programmes.models import Funding, Indicator, Programme, Result
from corridor.programmes.services import record_result
from corridor.programmes.tests.factories import actor_of, indicator, manager, programme

pytestmark = pytest.mark.django_db

JAN, JUN = datetime.date(2025, 1, 1), datetime.date(2025, 6, 30)


def with_small_result():
    by = manager()
    prog = programme(by)
    placed = indicator(prog, by)
    record_result(placed, JAN, JUN, 3, source="manual", evidence="register", actor=actor_of(by))
    return by, prog, placed


@pytest.mark.parametrize("role", [Role.DONOR, Role.CASEWORKER, Role.AUTHORITY])
def test_readers_see_programmes_but_not_small_counts(client, role):
    _, prog, _ = with_small_result()
    client.force_login(member(role))

    listing = client.get(reverse("programmes:list"))
    page = client.get(prog.get_absolute_url())

    assert listing.status_code == 200
    assert prog.title in listing.content.decode()
    assert page.status_code == 200
    html = page.content.decode()
    assert "fewer than 5" in html
    assert "<strong>3</strong>" not in html
    assert reverse("programmes:edit", args=[prog.code]) not in html


def test_the_manager_sees_the_figure_and_the_edit_links(client):
    by, prog, _ = with_small_result()
    client.force_login(by)

    html = client.get(prog.get_absolute_url()).content.decode()

    assert "<strong>3</strong>" in html
    assert reverse("programmes:edit", args=[prog.code]) in html


@pytest.mark.parametrize("role", [Role.EMPLOYER, Role.PARTNER, Role.WORKER])
def test_who_may_not_see_aggregates_gets_403(client, role):
    prog = programme()
    client.force_login(member(role))

    assert client.get(reverse("programmes:list")).status_code == 403
    assert client.get(prog.get_absolute_url()).status_code == 403


@pytest.mark.parametrize("role", [Role.DONOR, Role.CASEWORKER])
def test_a_caseworker_or_donor_cannot_edit(client, role):
    prog = programme()
    client.force_login(member(role))
    code = prog.code

    responses = [
        client.post(reverse("programmes:edit", args=[code]), {"title": "Changed"}),
        client.post(reverse("programmes:create"), {"code": "NEW-1"}),
        client.post(reverse("programmes:funding_add", args=[code]), {}),
        client.post(reverse("programmes:indicator_add", args=[code]), {}),
        client.post(reverse("programmes:result_add", args=[code]), {}),
    ]

    assert [r.status_code for r in responses] == [403] * 5
    assert Programme.objects.get().title == "Safe labour mobility"
    assert Programme.objects.count() == 1


def test_a_manager_creates_a_programme(client):
    by = manager()
    client.force_login(by)

    response = client.post(
        reverse("programmes:create"),
        {
            "code": "NEW-1",
            "title": "New programme",
            "period_start": "2026-01-01",
            "period_end": "2027-12-31",
            "status": "pipeline",
            "reporting_organisation": by.active_memberships[0].organisation_id,
            "iati_organisation_identifier": "XX-TEST",
            "recipient_countries": ["UZ", "KG"],
            "activity_areas": ["policy_support"],
            "dac_sectors": "15190, 16020",
        },
    )

    assert response.status_code == 302, response.context["form"].errors
    created = Programme.objects.get(code="NEW-1")
    assert created.dac_sectors == ["15190", "16020"]
    assert sorted(c.code for c in created.recipient_countries.all()) == ["KG", "UZ"]


def test_a_period_ending_before_it_starts_re_renders_with_422(client):
    by = manager()
    client.force_login(by)

    response = client.post(
        reverse("programmes:create"),
        {
            "code": "NEW-1", "title": "x", "period_start": "2026-01-01",
            "period_end": "2025-01-01", "status": "pipeline",
            "reporting_organisation": by.active_memberships[0].organisation_id,
        },
    )  # fmt: skip

    assert response.status_code == 422
    assert "The period ends before it starts" in response.content.decode()
    assert not Programme.objects.exists()


def test_a_funder_amount_without_currency_re_renders_with_422(client):
    by = manager()
    prog = programme(by)
    donor = OrganisationFactory.create(type=OrganisationType.DONOR)
    client.force_login(by)

    response = client.post(
        reverse("programmes:funding_add", args=[prog.code]),
        {"funder": donor.pk, "amount": "1000"},
    )

    assert response.status_code == 422
    assert "Give the currency of the amount" in response.content.decode()
    assert not Funding.objects.exists()


def test_a_target_below_baseline_re_renders_with_422(client):
    by = manager()
    prog = programme(by)
    client.force_login(by)

    response = client.post(
        reverse("programmes:indicator_add", args=[prog.code]),
        {
            "name": "Workers trained", "unit": "number", "measure": "1", "is_ascending": "on",
            "baseline_value": "100", "baseline_year": "2024", "target_value": "50",
        },
    )  # fmt: skip

    assert response.status_code == 422
    assert "This indicator must rise" in response.content.decode()
    assert not Indicator.objects.exists()


def test_a_manager_enters_a_manual_result_with_evidence(client):
    by = manager()
    prog = programme(by)
    target = indicator(prog, by)
    client.force_login(by)

    response = client.post(
        reverse("programmes:result_add", args=[prog.code]),
        {
            "indicator": target.pk, "period_start": "2025-01-01", "period_end": "2025-06-30",
            "value": "42", "evidence": "Partner report Q2",
        },
    )  # fmt: skip

    assert response.status_code == 302
    result = Result.objects.get()
    assert (result.value, result.evidence, result.entered_by) == (
        Decimal(42), "Partner report Q2", by,
    )  # fmt: skip


def test_the_programme_page_downloads_the_iati_file(client):
    prog = programme()
    client.force_login(member(Role.DONOR))

    response = client.get(reverse("programmes:iati", args=[prog.code]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="iati-PRG-1.xml"'
    root = etree.fromstring(response.content)
    assert root.findtext("iati-activity/iati-identifier") == "XX-TEST-PRG-1"


def test_downloading_an_incomplete_programme_explains_what_is_missing(client):
    prog = programme(dac_sectors=[])
    client.force_login(member(Role.DONOR))

    response = client.get(reverse("programmes:iati", args=[prog.code]), follow=True)

    assert response.redirect_chain == [(prog.get_absolute_url(), 302)]
    assert "PRG-1 is missing at least one DAC sector." in response.content.decode()


def test_an_unknown_programme_is_404(client):
    client.force_login(member(Role.DONOR))

    assert client.get(reverse("programmes:detail", args=["NOPE"])).status_code == 404


def test_a_manager_edits_a_programme_but_not_its_code(client):
    by = manager()
    prog = programme(by)
    client.force_login(by)

    response = client.post(
        reverse("programmes:edit", args=[prog.code]),
        {
            "code": "CHANGED", "title": "Renamed", "period_start": "2024-01-01",
            "period_end": "2025-12-31", "status": "finalisation",
            "reporting_organisation": prog.reporting_organisation_id,
            "iati_organisation_identifier": "XX-TEST", "recipient_countries": ["UZ"],
            "dac_sectors": "15190",
        },
    )  # fmt: skip

    assert response.status_code == 302
    prog.refresh_from_db()
    assert (prog.code, prog.title, prog.status, prog.dac_sectors) == (
        "PRG-1", "Renamed", "finalisation", ["15190"],
    )  # fmt: skip
    assert [c.code for c in prog.recipient_countries.all()] == ["UZ"]
