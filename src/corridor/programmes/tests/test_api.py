"""The programmes API: read for staff and donors (small counts suppressed), write for managers."""

import datetime
from decimal import Decimal

import pytest

from corridor.accounts.models import ApiToken
from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import member
from corridor.programmes.models import Result
from corridor.programmes.services import record_result
from corridor.programmes.tests.factories import actor_of, indicator, manager, programme

pytestmark = pytest.mark.django_db

JAN, JUN = datetime.date(2025, 1, 1), datetime.date(2025, 6, 30)
BASE = "/api/v1/programmes"


def bearer(user) -> dict[str, str]:
    _, raw = ApiToken.issue(user=user)
    return {"Authorization": f"Bearer {raw}"}


def setup_programme():
    by = manager()
    prog = programme(by)
    placed = indicator(prog, by, disaggregation=["sex"])
    record_result(
        placed, JAN, JUN, 30, {"sex": {"female": 3, "male": 27}},
        source="manual", evidence="register", actor=actor_of(by),
    )  # fmt: skip
    return by, prog, placed


def test_a_donor_lists_and_reads_programmes(client):
    setup_programme()
    donor = member(Role.DONOR)

    listed = client.get(BASE, headers=bearer(donor))
    one = client.get(f"{BASE}/PRG-1", headers=bearer(donor))

    assert listed.status_code == 200
    assert [p["code"] for p in listed.json()] == ["PRG-1"]
    assert one.status_code == 200
    body = one.json()
    assert (body["iati_identifier"], body["dac_sectors"]) == ("XX-TEST-PRG-1", ["15190", "16020"])
    assert sorted(body["recipient_countries"]) == ["KG", "TJ", "UZ"]


def test_a_donor_sees_results_with_small_counts_suppressed(client):
    _, _, placed = setup_programme()

    indicators = client.get(f"{BASE}/PRG-1/indicators", headers=bearer(member(Role.DONOR)))
    results = client.get(
        f"{BASE}/PRG-1/indicators/{placed.pk}/results", headers=bearer(member(Role.DONOR))
    )

    latest = indicators.json()[0]["latest_result"]
    assert Decimal(latest["value"]) == 30
    assert latest["disaggregated"] == {"sex": {"female": None, "male": 27}}
    assert [r["disaggregated"] for r in results.json()] == [{"sex": {"female": None, "male": 27}}]


def test_the_manager_sees_the_whole_breakdown(client):
    by, _, placed = setup_programme()

    results = client.get(f"{BASE}/PRG-1/indicators/{placed.pk}/results", headers=bearer(by))

    assert results.json()[0]["disaggregated"] == {"sex": {"female": 3, "male": 27}}


def test_a_manager_posts_a_manual_result(client):
    by, _, placed = setup_programme()

    response = client.post(
        f"{BASE}/PRG-1/indicators/{placed.pk}/results",
        {"period_start": "2025-07-01", "period_end": "2025-12-31", "value": 55,
         "evidence": "Quarterly partner report"},
        content_type="application/json", headers=bearer(by),
    )  # fmt: skip

    assert response.status_code == 201
    assert (Decimal(response.json()["value"]), response.json()["source"]) == (55, "manual")
    assert Result.objects.count() == 2


@pytest.mark.parametrize("role", [Role.DONOR, Role.CASEWORKER])
def test_a_donor_or_caseworker_cannot_post_a_result(client, role):
    _, _, placed = setup_programme()

    response = client.post(
        f"{BASE}/PRG-1/indicators/{placed.pk}/results",
        {"period_start": "2025-07-01", "period_end": "2025-12-31", "value": 55, "evidence": "x"},
        content_type="application/json", headers=bearer(member(role)),
    )  # fmt: skip

    assert response.status_code == 403
    assert Result.objects.count() == 1


def test_a_result_period_ending_before_it_starts_is_422(client):
    by, _, placed = setup_programme()

    response = client.post(
        f"{BASE}/PRG-1/indicators/{placed.pk}/results",
        {"period_start": "2025-07-01", "period_end": "2025-01-01", "value": 5, "evidence": "x"},
        content_type="application/json", headers=bearer(by),
    )  # fmt: skip

    assert response.status_code == 422
    assert Result.objects.count() == 1


def test_an_employer_cannot_read_programmes(client):
    setup_programme()

    assert client.get(BASE, headers=bearer(member(Role.EMPLOYER))).status_code == 403


def test_an_indicator_of_another_programme_is_404(client):
    by, _, placed = setup_programme()
    programme(by, code="PRG-2")

    response = client.get(f"{BASE}/PRG-2/indicators/{placed.pk}/results", headers=bearer(by))

    assert response.status_code == 404


def test_the_iati_file_over_the_api(client):
    setup_programme()

    response = client.get(f"{BASE}/PRG-1/iati.xml", headers=bearer(member(Role.DONOR)))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    assert b"<iati-identifier>XX-TEST-PRG-1</iati-identifier>" in response.content


def test_the_iati_file_of_an_empty_programme_is_422_with_what_is_missing(client):
    programme(recipient_countries=[])

    response = client.get(f"{BASE}/PRG-1/iati.xml", headers=bearer(member(Role.DONOR)))

    assert response.status_code == 422
    assert "PRG-1 is missing at least one recipient country." in str(response.json())
