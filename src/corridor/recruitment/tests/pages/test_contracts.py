"""Contracts through the pages: generated, downloaded, received, the terms at arrival."""

import pytest

from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import member
from corridor.core.models import AuditAction, AuditEvent
from corridor.people.models import Worker
from corridor.people.tests.factories import actor
from corridor.recruitment import contracts
from corridor.recruitment.models import (
    Application,
    ApplicationStatus,
    Contract,
)
from corridor.recruitment.tests.pages.steps import (
    accepted_application,
    login,
    put_forward,
)

pytestmark = pytest.mark.django_db


def test_contract_generated_downloaded_received_and_substitution_flagged(client, setting):
    caseworker, employer, job, worker = setting
    application = accepted_application(caseworker, employer, job, worker, wage=90000)
    login(client, employer)

    response = client.post(f"/recruitment/applications/{application.pk}/contract/")

    assert response.status_code == 302
    contract = Contract.objects.get()
    application.refresh_from_db()
    assert application.status == "contracted"
    page = client.get(f"/recruitment/applications/{application.pk}/")
    assert f"/recruitment/applications/{application.pk}/contract.pdf" in page.content.decode()
    # The employer may not confirm for the worker.
    assert not page.context["may_confirm"]
    assert (
        client.post(f"/recruitment/applications/{application.pk}/contract/received/").status_code
        == 403
    )

    download = client.get(f"/recruitment/applications/{application.pk}/contract.pdf")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    view = AuditEvent.objects.filter(action=AuditAction.VIEW, worker_id=worker.pk).latest("at")
    assert (view.actor, view.changes) == (employer, {"part": "contract"})

    login(client, caseworker)
    assert client.get(f"/recruitment/applications/{application.pk}/").context["may_confirm"]
    response = client.post(f"/recruitment/applications/{application.pk}/contract/received/")
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.received_at is not None

    login(client, employer)
    response = client.post(
        f"/recruitment/applications/{application.pk}/contract/arrival/",
        {
            "wage_rub": "70000",
            "hours_per_week": "40",
            "housing": "free",
            "housing_cost_rub": "0",
            "isco": "7212",
        },
    )
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.is_substituted
    page = client.get(f"/recruitment/applications/{application.pk}/").content.decode()
    assert "Contract substitution: wage 90,000 → 70,000" in page
    assert 'class="badge bad"' in page


def test_no_contract_no_download(client, setting):
    caseworker, _employer, job, worker = setting
    application = put_forward(caseworker, job, worker)
    login(client, caseworker)

    assert client.get(f"/recruitment/applications/{application.pk}/contract.pdf").status_code == 404
    response = client.post(f"/recruitment/applications/{application.pk}/contract/", follow=True)
    assert "accepted offer" in response.content.decode()
    assert not Contract.objects.exists()


def test_the_worker_themself_confirms_receiving_the_contract(client, setting):
    caseworker, employer, job, worker = setting
    application = accepted_application(caseworker, employer, job, worker)
    contracts.generate_contract(actor=actor(employer), application=application)
    person = member(Role.WORKER, organisation=worker.organisation)
    Worker.objects.filter(pk=worker.pk).update(user=person)
    login(client, person)

    # Another worker's login in the same centre sees nothing of this application.
    other = member(Role.WORKER, organisation=worker.organisation)
    login(client, other)
    assert client.get(f"/recruitment/applications/{application.pk}/").status_code == 404
    login(client, person)
    my_record = client.get("/workers/me/").content.decode()
    assert f'href="/recruitment/applications/{application.pk}/"' in my_record
    page = client.get(f"/recruitment/applications/{application.pk}/")
    assert page.status_code == 200
    assert page.context["may_confirm"]
    assert page.context["move_form"] is None
    response = client.post(f"/recruitment/applications/{application.pk}/contract/received/")

    assert response.status_code == 302
    assert Contract.objects.get().received_at is not None
    assert Application.objects.get().status == ApplicationStatus.CONTRACTED
