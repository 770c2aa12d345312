"""No payment a write accepts breaks the ledger: amounts, rates and days have their bounds."""

import datetime

import pytest

from corridor.accounts.tests.factories import member
from corridor.people.tests.factories import bearer, register
from corridor.recruitment.models import Payment
from corridor.recruitment.tests.pages.steps import login

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
FINE = {
    "payee_type": "recruiter",
    "purpose": "recruitment_service",
    "amount": "20000",
    "currency": "RUB",
    "paid_on": str(TODAY),
}
OUT_OF_BOUNDS = [
    ({"amount": "1e12"}, "amount"),
    ({"amount": "1000000000000"}, "amount"),
    ({"amount": "0.001"}, "amount"),
    ({"paid_on": "0001-01-01"}, "paid_on"),
    ({"paid_on": "1899-12-31"}, "paid_on"),
    ({"currency": "UZS", "rate_to_rub": "0.0000001"}, "rate_to_rub"),
    # Each within its own bounds, but the roubles would not fit the ledger.
    ({"amount": "999999999999", "currency": "UZS", "rate_to_rub": "1000"}, "amount"),
]


@pytest.mark.parametrize(("change", "field"), OUT_OF_BOUNDS)
def test_an_out_of_bounds_payment_is_422_over_the_api_and_the_ledger_still_reads(
    client, change, field
):
    caseworker = member()
    worker = register(caseworker)
    url = f"/api/v1/workers/{worker.pk}/payments"

    response = client.post(
        url, {**FINE, **change}, content_type="application/json", headers=bearer(caseworker)
    )

    assert response.status_code == 422
    assert field in str(response.json())
    assert not Payment.objects.exists()
    ledger = client.get(url, headers=bearer(caseworker))
    assert (ledger.status_code, ledger.json()["items"]) == (200, [])


@pytest.mark.parametrize(("change", "field"), OUT_OF_BOUNDS)
def test_an_out_of_bounds_payment_is_422_on_the_page_with_the_message_on_the_field(
    client, change, field
):
    caseworker = member()
    worker = register(caseworker)
    login(client, caseworker)

    response = client.post(f"/recruitment/workers/{worker.pk}/jobs/payments/", {**FINE, **change})

    assert response.status_code == 422
    assert field in response.context["payment_form"].errors
    assert not Payment.objects.exists()
    assert client.get(f"/recruitment/workers/{worker.pk}/jobs/").status_code == 200


def test_the_largest_and_smallest_payments_the_bounds_allow_are_recorded_and_read_back(client):
    caseworker = member()
    worker = register(caseworker)
    url = f"/api/v1/workers/{worker.pk}/payments"

    for amount, paid_on in (("999999999999.99", "1900-01-01"), ("0.01", str(TODAY))):
        response = client.post(
            url,
            {**FINE, "amount": amount, "paid_on": paid_on},
            content_type="application/json",
            headers=bearer(caseworker),
        )
        assert response.status_code == 201

    ledger = client.get(url, headers=bearer(caseworker)).json()
    assert sorted(item["amount"] for item in ledger["items"]) == ["0.01", "999999999999.99"]
