"""The pipeline through the pages: putting forward, the steps, the offer."""

from decimal import Decimal

import pytest

from corridor.people.models import AccessGrant
from corridor.people.tests.factories import actor
from corridor.recruitment import pipeline
from corridor.recruitment.models import (
    Application,
)
from corridor.recruitment.tests.factories import (
    organisation_of,
)
from corridor.recruitment.tests.pages.steps import (
    login,
    put_forward,
    stage_of,
)

pytestmark = pytest.mark.django_db


def test_put_forward_shortlist_offer_and_accept_through_the_pages(client, setting):
    caseworker, employer, job, worker = setting
    login(client, caseworker)

    response = client.post(f"/recruitment/vacancies/{job.pk}/put-forward/", {"worker": worker.pk})

    application = Application.objects.get()
    assert response.status_code == 302
    assert response.url == f"/recruitment/applications/{application.pk}/"
    assert (application.status, stage_of(worker)) == ("suggested", "job_ready")
    page = client.get(response.url)
    assert [value for value, _ in page.context["move_form"].fields["status"].choices] == [
        "shortlisted",
        "rejected",
        "withdrawn",
    ]
    assert page.context["offer_form"] is None

    response = client.post(
        f"/recruitment/applications/{application.pk}/move/", {"status": "shortlisted"}
    )
    assert response.status_code == 302
    assert stage_of(worker) == "matched"
    assert (
        AccessGrant.objects.active()
        .filter(worker=worker, organisation=organisation_of(employer))
        .exists()
    )

    login(client, employer)
    page = client.get(f"/recruitment/applications/{application.pk}/")
    assert page.status_code == 200
    assert page.context["offer_form"] is not None
    response = client.post(
        f"/recruitment/applications/{application.pk}/offer/",
        {"wage_rub": "95000", "hours_per_week": "40", "housing": "free", "housing_cost_rub": "0"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.offered_wage_rub) == ("offered", Decimal(95000))
    assert application.offered_contract_months == 12
    assert stage_of(worker) == "offered"

    login(client, caseworker)
    response = client.post(
        f"/recruitment/applications/{application.pk}/move/", {"status": "accepted"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "accepted"
    page = client.get(f"/recruitment/applications/{application.pk}/")
    assert [(s.from_status, s.to_status) for s in page.context["steps"]] == [
        ("", "suggested"),
        ("suggested", "shortlisted"),
        ("shortlisted", "offered"),
        ("offered", "accepted"),
    ]
    assert page.context["may_generate"]
    assert "Generate contract" in page.content.decode()


def test_a_worker_put_forward_twice_gets_a_message_not_a_second_application(client, setting):
    caseworker, _employer, job, worker = setting
    put_forward(caseworker, job, worker)
    login(client, caseworker)

    response = client.post(
        f"/recruitment/vacancies/{job.pk}/put-forward/", {"worker": worker.pk}, follow=True
    )

    assert response.redirect_chain == [(f"/recruitment/vacancies/{job.pk}/", 302)]
    assert "already applies" in response.content.decode()
    assert Application.objects.count() == 1


def test_bad_steps_show_the_page_again_with_422(client, setting):
    caseworker, _employer, job, worker = setting
    application = put_forward(caseworker, job, worker)
    login(client, caseworker)

    no_reason = client.post(
        f"/recruitment/applications/{application.pk}/move/", {"status": "rejected"}
    )
    skipping = client.post(
        f"/recruitment/applications/{application.pk}/move/", {"status": "employed"}
    )
    early_offer = client.post(
        f"/recruitment/applications/{application.pk}/offer/",
        {"wage_rub": "95000", "hours_per_week": "40", "housing": "free"},
    )

    assert (no_reason.status_code, skipping.status_code, early_offer.status_code) == (
        422,
        422,
        422,
    )
    assert "reason" in no_reason.context["move_form"].errors
    assert "status" in skipping.context["move_form"].errors
    assert early_offer.context["offer_form"].non_field_errors()
    application.refresh_from_db()
    assert application.status == "suggested"


def test_an_offer_below_the_wage_range_is_refused(client, setting):
    caseworker, employer, job, worker = setting
    application = put_forward(caseworker, job, worker)
    pipeline.move_application(
        actor=actor(caseworker), application=application, status="shortlisted"
    )
    login(client, employer)

    response = client.post(
        f"/recruitment/applications/{application.pk}/offer/",
        {"wage_rub": "50000", "hours_per_week": "40", "housing": "free"},
    )

    assert response.status_code == 422
    assert "wage_rub" in response.context["offer_form"].errors
    application.refresh_from_db()
    assert application.status == "shortlisted"


def test_an_employer_cannot_put_forward_and_sees_the_application_once_shortlisted(client, setting):
    caseworker, employer, job, worker = setting
    login(client, employer)

    refused = client.post(f"/recruitment/vacancies/{job.pk}/put-forward/", {"worker": worker.pk})
    assert refused.status_code == 404
    assert not Application.objects.exists()

    application = put_forward(caseworker, job, worker)
    assert client.get(f"/recruitment/applications/{application.pk}/").status_code == 404
    pipeline.move_application(
        actor=actor(caseworker), application=application, status="shortlisted"
    )
    page = client.get(f"/recruitment/applications/{application.pk}/")
    assert page.status_code == 200
    assert worker.reference in page.content.decode()
    assert (
        client.post(
            f"/recruitment/vacancies/{job.pk}/put-forward/", {"worker": "not-an-id"}
        ).status_code
        == 404
    )
