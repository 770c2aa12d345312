"""A worker's own complaints, and staff filing for someone: the worker's record is linked, and
the timeline says only that a complaint was filed."""

import pytest

from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import member
from corridor.grievances import services
from corridor.grievances.models import Complaint
from corridor.grievances.tests.factories import (
    complaint,
    handler,
    handler_actor,
    office_of,
    programme_office,
)
from corridor.people.models import TimelineEvent
from corridor.people.tests.factories import register

pytestmark = pytest.mark.django_db


def self_service_worker():
    """A registered worker with their own login."""
    caseworker = member()
    worker = register(caseworker, family_name="Эргашев", given_name="Жасур")
    login = member(Role.WORKER, worker.organisation)
    worker.user = login
    worker.save(update_fields=["user"])
    return worker, login, caseworker


def own_form(**overrides):
    return {
        "category": "recruitment_fees",
        "description": "Агентство взяло 3 500 000 сумов без квитанции.",
        "confidentiality": "normal",
        "complainant_contact": "@jasur_uz",
        **overrides,
    }


def complaint_events(worker):
    """Nothing of a complaint reaches the worker's timeline, which shared organisations read."""
    return list(
        TimelineEvent.objects.filter(worker=worker, reason__icontains="complaint").values_list(
            "kind", "reason"
        )
    )


def test_a_worker_files_from_their_own_page_and_reads_what_they_are_told(client):
    manager = handler()
    worker, login, _ = self_service_worker()
    client.force_login(login)

    response = client.post("/complaints/mine/new/", own_form())

    filed = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/complaints/mine/{filed.pk}/"
    assert (filed.worker, filed.filed_by, filed.channel) == (worker, login, "self_service")
    assert filed.complainant_name == "Эргашев Жасур Ўткирович"
    assert complaint_events(worker) == []
    actor = handler_actor(manager)
    services.post_message(
        actor=actor, complaint=filed, text="We called the agency.", to_complainant=True
    )
    services.post_message(actor=actor, complaint=filed, text="Agency denies.", to_complainant=False)
    page = client.get(f"/complaints/mine/{filed.pk}/").content.decode()
    assert "We called the agency." in page and "Agency denies." not in page
    listed = client.get("/complaints/mine/").content.decode()
    assert f"/complaints/mine/{filed.pk}/" in listed


def test_an_anonymous_complaint_by_a_logged_in_worker_is_linked_to_nobody(client):
    programme_office()
    worker, login, _ = self_service_worker()
    client.force_login(login)

    response = client.post("/complaints/mine/new/", own_form(confidentiality="anonymous"))

    filed = Complaint.objects.get()
    assert response["Location"] == f"/complaints/track/{filed.tracking_code}/"
    assert (filed.worker, filed.filed_by, filed.complainant_name, filed.complainant_contact) == (
        None,
        None,
        "",
        "",
    )
    assert complaint_events(worker) == []
    assert (
        "/complaints/mine/" + str(filed.pk) not in client.get("/complaints/mine/").content.decode()
    )


def test_a_worker_gets_404_for_a_complaint_that_is_not_theirs(client):
    programme_office()
    someone, _, _ = self_service_worker()
    other = complaint(
        programme_office(),
        channel="self_service",
        actor=handler_actor(someone.user, someone.organisation),
        worker=someone,
        relation="worker",
    )
    _, login, _ = self_service_worker()
    client.force_login(login)

    response = client.get(f"/complaints/mine/{other.pk}/")

    assert response.status_code == 404


def test_a_user_without_a_worker_record_gets_404_on_the_own_pages(client):
    client.force_login(member())

    assert client.get("/complaints/mine/").status_code == 404
    assert client.get("/complaints/mine/new/").status_code == 404


def test_a_caseworker_files_for_a_worker_who_then_appears_only_as_complaint_filed(client):
    programme_office()
    worker, _, caseworker = self_service_worker()
    client.force_login(caseworker)

    response = client.post(
        "/complaints/on-behalf/",
        {
            "complainant_relation": "worker",
            "category": "contract_substitution",
            "description": "По приезде дали другой договор: 70 000 вместо 110 000.",
            "confidentiality": "confidential",
            "complainant_contact": "+7 916 555-01-23",
            "worker_reference": worker.reference.lower(),
        },
    )

    filed = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == "/complaints/on-behalf/"
    assert (filed.worker, filed.filed_by, filed.channel) == (worker, caseworker, "staff")
    assert filed.complainant_name == worker.full_name
    assert complaint_events(worker) == []
    followed = client.get(response["Location"]).content.decode()
    assert filed.tracking_code in followed
    # Filing is not handling: the caseworker cannot open the complaint afterwards.
    assert client.get(f"/complaints/{filed.pk}/").status_code == 403


def test_staff_cannot_link_a_worker_they_may_not_see(client):
    programme_office()
    worker, _, _ = self_service_worker()
    client.force_login(member())  # a caseworker of another centre

    response = client.post(
        "/complaints/on-behalf/",
        {
            "complainant_relation": "worker",
            "category": "unpaid_wages",
            "description": "Не платят.",
            "confidentiality": "normal",
            "worker_reference": worker.reference,
        },
    )

    assert response.status_code == 422
    assert "No worker with this reference that you may see." in response.content.decode()
    assert Complaint.objects.count() == 0


@pytest.mark.parametrize("role", [Role.EMPLOYER, Role.RECRUITER, Role.WORKER])
def test_employers_recruiters_and_workers_may_not_file_for_others(client, role):
    client.force_login(member(role))

    assert client.get("/complaints/on-behalf/").status_code == 403


def test_a_handler_filing_for_someone_lands_on_the_complaint(client):
    manager = handler()
    client.force_login(manager)

    response = client.post(
        "/complaints/on-behalf/",
        {
            "complainant_relation": "other",
            "category": "abuse",
            "description": "Звонок на горячую линию: бригадир бьёт рабочих.",
            "confidentiality": "confidential",
            "complainant_name": "Аноним с горячей линии",
        },
    )

    filed = Complaint.objects.get()
    assert response["Location"] == f"/complaints/{filed.pk}/"
    assert filed.organisation == office_of(manager)
