"""Who may put a worker forward and shortlist them (decision 0011), and the real actor on
every grant."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from corridor.accounts.tests.factories import member
from corridor.core.models import AuditAction, AuditEvent
from corridor.people import services
from corridor.people.models import AccessGrant
from corridor.people.tests.factories import actor, bearer, share, snapshot
from corridor.recruitment import pipeline
from corridor.recruitment.models import Application
from corridor.recruitment.tests.factories import (
    employer_user,
    job_ready_worker,
    organisation_of,
    programme_office_user,
    recruiter_user,
    vacancy,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def setting():
    caseworker, employer, recruiter = member(), employer_user(), recruiter_user()
    job = vacancy(employer, recruiter=organisation_of(recruiter))
    worker = job_ready_worker(caseworker)
    return caseworker, employer, recruiter, job, worker


def post(client, url, body, user):
    return client.post(url, body, content_type="application/json", headers=bearer(user))


def test_an_employer_cannot_put_forward_a_worker_on_the_api_or_the_page(client, setting):
    _caseworker, employer, _recruiter, job, worker = setting
    before = snapshot(worker)

    api = post(
        client, "/api/v1/applications", {"worker": str(worker.pk), "vacancy": str(job.pk)}, employer
    )
    client.force_login(employer)
    page = client.post(f"/recruitment/vacancies/{job.pk}/put-forward/", {"worker": worker.pk})

    assert (api.status_code, page.status_code) == (404, 404)
    assert not Application.objects.exists()
    assert snapshot(worker) == before


def test_an_employer_holding_a_grant_still_may_not_put_forward(client, setting):
    caseworker, employer, _recruiter, job, worker = setting
    share(caseworker, worker, organisation_of(employer))

    api = post(
        client, "/api/v1/applications", {"worker": str(worker.pk), "vacancy": str(job.pk)}, employer
    )

    assert api.status_code == 403
    with pytest.raises(PermissionDenied):
        pipeline.create_application(actor=actor(employer), worker=worker, vacancy=job)
    assert not Application.objects.exists()


def test_a_recruiter_puts_forward_only_a_worker_already_shared_with_it(client, setting):
    caseworker, _employer, recruiter, job, worker = setting
    other = job_ready_worker(caseworker, given_name="Жасур")
    share(caseworker, worker, organisation_of(recruiter))

    refused = post(
        client, "/api/v1/applications", {"worker": str(other.pk), "vacancy": str(job.pk)}, recruiter
    )
    accepted = post(
        client,
        "/api/v1/applications",
        {"worker": str(worker.pk), "vacancy": str(job.pk)},
        recruiter,
    )

    assert refused.status_code == 404
    assert accepted.status_code == 201
    assert list(Application.objects.values_list("worker", flat=True)) == [worker.pk]
    with pytest.raises(PermissionDenied):
        pipeline.create_application(actor=actor(recruiter), worker=other, vacancy=job)


def test_a_caseworker_of_another_centre_cannot_put_forward_the_worker(client, setting):
    _caseworker, _employer, _recruiter, job, worker = setting
    stranger = member(name="Another centre")

    api = post(
        client, "/api/v1/applications", {"worker": str(worker.pk), "vacancy": str(job.pk)}, stranger
    )

    assert api.status_code == 404
    with pytest.raises(PermissionDenied):
        pipeline.create_application(actor=actor(stranger), worker=worker, vacancy=job)
    assert not Application.objects.exists()


def test_neither_the_recruiter_nor_the_employer_may_shortlist(client, setting):
    caseworker, employer, recruiter, job, worker = setting
    share(caseworker, worker, organisation_of(recruiter))
    application = pipeline.create_application(actor=actor(recruiter), worker=worker, vacancy=job)
    grants_before = list(AccessGrant.objects.values_list("id", flat=True))

    by_recruiter = post(
        client, f"/api/v1/applications/{application.pk}/move", {"status": "shortlisted"}, recruiter
    )
    by_employer = post(
        client, f"/api/v1/applications/{application.pk}/move", {"status": "shortlisted"}, employer
    )

    assert by_recruiter.status_code == 403
    # A suggested application is not the employer's to see.
    assert by_employer.status_code == 404
    for who in (recruiter, employer):
        with pytest.raises(PermissionDenied):
            pipeline.move_application(
                actor=actor(who), application=application, status="shortlisted"
            )
    assert Application.objects.get().status == "suggested"
    assert list(AccessGrant.objects.values_list("id", flat=True)) == grants_before


def test_the_workers_centre_shortlists_and_the_grants_name_the_real_actor(setting):
    caseworker, employer, recruiter, job, worker = setting
    application = pipeline.create_application(actor=actor(caseworker), worker=worker, vacancy=job)

    pipeline.move_application(
        actor=actor(caseworker), application=application, status="shortlisted"
    )

    grants = AccessGrant.objects.active().filter(worker=worker)
    assert {
        (g.organisation_id, g.granted_by_id, g.granted_by_organisation_id, g.purpose)
        for g in grants
    } == {
        (
            organisation_of(employer).pk,
            caseworker.pk,
            organisation_of(caseworker).pk,
            "application",
        ),
        (
            organisation_of(recruiter).pk,
            caseworker.pk,
            organisation_of(caseworker).pk,
            "application",
        ),
    }
    events = AuditEvent.objects.filter(action=AuditAction.GRANT, worker_id=worker.pk)
    assert {(e.actor_id, e.organisation_id) for e in events} == {
        (caseworker.pk, organisation_of(caseworker).pk)
    }


def test_programme_office_puts_forward_and_shortlists_and_is_named_as_sharer(setting):
    caseworker, employer, _recruiter, job, worker = setting
    office = programme_office_user()

    application = pipeline.create_application(actor=actor(office), worker=worker, vacancy=job)
    pipeline.move_application(actor=actor(office), application=application, status="shortlisted")

    grant = AccessGrant.objects.get(worker=worker, organisation=organisation_of(employer))
    assert (grant.granted_by_id, grant.granted_by_organisation_id) == (
        office.pk,
        organisation_of(office).pk,
    )
    assert grant.granted_by_organisation_id != organisation_of(caseworker).pk


def test_the_employer_chooses_among_shortlisted_candidates_only(client, setting):
    caseworker, employer, _recruiter, job, worker = setting
    application = pipeline.create_application(actor=actor(caseworker), worker=worker, vacancy=job)
    pipeline.move_application(
        actor=actor(caseworker), application=application, status="shortlisted"
    )
    url = f"/api/v1/applications/{application.pk}"

    interviewed = post(client, f"{url}/move", {"status": "interviewed"}, employer)
    offered = post(
        client,
        f"{url}/offer",
        {"wage_rub": 95000, "hours_per_week": 40, "housing": "free"},
        employer,
    )
    accepted_by_employer = post(client, f"{url}/move", {"status": "accepted"}, employer)
    withdrawn_by_employer = post(
        client, f"{url}/move", {"status": "withdrawn", "reason": "x"}, employer
    )
    declined = post(
        client, f"{url}/move", {"status": "rejected", "reason": "Another welder"}, employer
    )

    assert (interviewed.status_code, offered.status_code) == (200, 200)
    # "Offer accepted" and "withdrawn" are the worker's answers, not the employer's.
    assert (accepted_by_employer.status_code, withdrawn_by_employer.status_code) == (403, 403)
    assert declined.status_code == 200
    assert Application.objects.get().status == "rejected"


def test_the_application_page_offers_each_side_only_its_own_steps(client, setting):
    caseworker, employer, recruiter, job, worker = setting
    share(caseworker, worker, organisation_of(recruiter))
    application = pipeline.create_application(actor=actor(recruiter), worker=worker, vacancy=job)
    url = f"/recruitment/applications/{application.pk}/"

    def choices(user):
        client.force_login(user)
        form = client.get(url).context["move_form"]
        return [value for value, _label in form.fields["status"].choices] if form else []

    assert choices(recruiter) == ["rejected", "withdrawn"]
    refused = client.post(f"{url}move/", {"status": "shortlisted"})
    assert refused.status_code == 422
    assert Application.objects.get().status == "suggested"
    assert choices(caseworker) == ["shortlisted", "rejected", "withdrawn"]
    assert client.post(f"{url}move/", {"status": "shortlisted"}).status_code == 302
    assert choices(employer) == ["interviewed", "rejected"]


def test_shortlisting_makes_a_new_application_grant_when_the_earlier_one_ended(setting):
    caseworker, employer, _recruiter, job, worker = setting
    earlier = share(caseworker, worker, organisation_of(employer), reason="Earlier vacancy")
    services.revoke_access(actor=actor(caseworker), grant=earlier)
    application = pipeline.create_application(actor=actor(caseworker), worker=worker, vacancy=job)

    pipeline.move_application(
        actor=actor(caseworker), application=application, status="shortlisted"
    )

    active = AccessGrant.objects.active().filter(
        worker=worker, organisation=organisation_of(employer)
    )
    assert list(active.values_list("purpose", flat=True)) == ["application"]
    assert active.get().pk != earlier.pk
