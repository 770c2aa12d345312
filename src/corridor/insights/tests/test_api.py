import pytest

from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import OrganisationFactory, member
from corridor.insights.refresh import refresh_summaries
from corridor.insights.tests import dataset
from corridor.people.tests.factories import bearer

pytestmark = pytest.mark.django_db


@pytest.fixture
def known():
    data = dataset.build()
    refresh_summaries()
    return data


def donor():
    return member(Role.DONOR, OrganisationFactory.create(name="Donor agency", country="GB"))


def test_staff_get_exact_series(client, known):
    staff = member(Role.MANAGER, known.centre)

    body = client.get("/api/v1/insights/dashboard/trends", headers=bearer(staff)).json()

    assert body["exact"] is True
    assert body["rows"][0] == {
        "label": "2026-01",
        "values": {"registered": 3, "placements": 0, "complaints": 0, "referrals": 0,
                   "enrolled": 0},
    }  # fmt: skip
    assert body["total"]["registered"] == 11


def test_donor_gets_null_for_small_counts(client, known):
    body = client.get("/api/v1/insights/dashboard", headers=bearer(donor())).json()

    assert body["exact"] is False
    trends = next(s for s in body["sections"] if s["key"] == "trends")
    assert [row["values"]["registered"] for row in trends["rows"]] == [None, 5, None]
    complaints = next(s for s in body["sections"] if s["key"] == "complaints")
    assert complaints["rows"][0]["values"] == {"opened": None, "resolved": None}


def test_metric_with_breakdown_exact_for_staff_and_suppressed_for_donor(client, known):
    staff = member(Role.MANAGER, known.centre)
    url = "/api/v1/insights/metrics/workers_registered"

    exact = client.get(url, {"by": "sex"}, headers=bearer(staff)).json()
    suppressed = client.get(url, {"by": "sex"}, headers=bearer(donor())).json()

    assert (exact["value"], exact["breakdown"]) == (11, {"F": 4, "M": 7})
    assert (suppressed["value"], suppressed["breakdown"]) == (10, {"F": None, "M": 5})


def test_unknown_section_is_404_and_bad_period_422_and_no_permission_403(client, known):
    staff = member(Role.MANAGER, known.centre)
    employer = member(Role.EMPLOYER, OrganisationFactory.create(name="ООО Тест", country="RU"))

    assert client.get("/api/v1/insights/dashboard/nope", headers=bearer(staff)).status_code == 404
    bad = client.get(
        "/api/v1/insights/dashboard", {"start": "2026-05", "end": "2026-01"}, headers=bearer(staff)
    )
    assert bad.status_code == 422
    assert client.get("/api/v1/insights/dashboard", headers=bearer(employer)).status_code == 403
