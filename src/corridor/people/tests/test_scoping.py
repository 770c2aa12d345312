"""Pages: another organisation's user gets 404 and nothing changes; grants open and close."""

import pytest

from corridor.accounts.models import OrganisationType
from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import OrganisationFactory, member, recruiter
from corridor.core.models import AuditAction, AuditEvent
from corridor.people import services
from corridor.people.tests.factories import (
    actor,
    add_document,
    pdf_upload,
    register,
    share,
    snapshot,
)

pytestmark = pytest.mark.django_db

PASSPORT = {"type": "passport", "number": "FA0000001", "issuing_country": "UZ"}
POSTS = {
    "edit/": {
        "family_name": "Changed",
        "given_name": "Changed",
        "sex": "M",
        "birth_date": "1990-01-01",
        "citizenship": "UZ",
        "lang-TOTAL_FORMS": "0",
        "lang-INITIAL_FORMS": "0",
        "occ-TOTAL_FORMS": "0",
        "occ-INITIAL_FORMS": "0",
    },
    "stage/": {"stage": "profiled", "reason": "Interviewed"},
    "consent/": {"purpose": "matching", "is_given": "1", "method": "verbal"},
    "documents/": PASSPORT,
    "family/": {"relation": "child", "full_name": "Someone Else"},
}


@pytest.mark.parametrize("path", ["", "edit/"])
def test_caseworker_of_another_org_gets_404_on_worker_pages_and_no_view_is_recorded(
    client, worker, outsider, path
):
    client.force_login(outsider)
    before = snapshot(worker)

    response = client.get(f"/workers/{worker.pk}/{path}")

    assert response.status_code == 404
    assert snapshot(worker) == before


@pytest.mark.parametrize("path", list(POSTS))
def test_caseworker_of_another_org_posting_to_a_worker_gets_404_and_nothing_changes(
    client, worker, outsider, path
):
    client.force_login(outsider)
    before = snapshot(worker)

    response = client.post(f"/workers/{worker.pk}/{path}", POSTS[path])

    assert response.status_code == 404
    assert snapshot(worker) == before
    assert not AuditEvent.objects.filter(
        action__in=[AuditAction.CREATE, AuditAction.UPDATE], actor=outsider
    ).exists()


def test_caseworker_of_another_org_cannot_share_the_worker(client, caseworker, worker, outsider):
    services.record_consent(
        actor=actor(caseworker),
        worker=worker,
        purpose="matching",
        is_given=True,
        method="signed_form",
    )
    their_org = outsider.active_memberships[0].organisation
    client.force_login(outsider)
    before = snapshot(worker)

    response = client.post(
        f"/workers/{worker.pk}/share/",
        {"organisation": their_org.pk, "purpose": "transfer", "reason": "Let me see"},
    )

    assert response.status_code == 404
    assert snapshot(worker) == before


def test_caseworker_of_another_org_cannot_end_a_grant(client, caseworker, worker, outsider):
    grant = share(caseworker, worker, recruiter().active_memberships[0].organisation)
    client.force_login(outsider)
    before = snapshot(worker)

    response = client.post(f"/workers/{worker.pk}/share/{grant.pk}/end/")

    assert response.status_code == 404
    assert snapshot(worker) == before


def test_caseworker_of_another_org_cannot_download_a_document_file(
    client, caseworker, worker, outsider
):
    document = add_document(caseworker, worker, upload=pdf_upload())
    client.force_login(outsider)
    before = snapshot(worker)

    response = client.get(f"/workers/{worker.pk}/documents/{document.pk}/file/")

    assert response.status_code == 404
    assert snapshot(worker) == before


def test_document_of_another_worker_is_not_reachable_through_a_visible_worker(
    client, caseworker, worker, outsider
):
    # Given a worker of the outsider's own organisation with a document
    theirs = register(outsider, family_name="Karimov", given_name="Aziz")
    document = add_document(outsider, theirs, upload=pdf_upload())
    client.force_login(caseworker)

    # When the caseworker asks for it under their own worker's URL
    response = client.get(f"/workers/{worker.pk}/documents/{document.pk}/file/")

    assert response.status_code == 404


def test_worker_list_shows_only_own_organisations_workers(client, worker, outsider):
    theirs = register(outsider, family_name="Karimov", given_name="Aziz")
    client.force_login(outsider)

    response = client.get("/workers/")

    assert list(response.context["page"].object_list) == [theirs]
    assert worker.reference not in response.content.decode()


def test_recruiter_sees_a_worker_only_while_a_grant_is_active(client, caseworker, worker):
    agent = recruiter()
    client.force_login(agent)
    assert client.get(f"/workers/{worker.pk}/").status_code == 404

    grant = share(caseworker, worker, agent.active_memberships[0].organisation)
    assert client.get(f"/workers/{worker.pk}/").status_code == 200
    assert worker.reference in client.get("/workers/").content.decode()

    services.revoke_access(actor=actor(caseworker), grant=grant)
    assert client.get(f"/workers/{worker.pk}/").status_code == 404
    assert worker.reference not in client.get("/workers/").content.decode()


def test_sharing_with_a_recruiter_needs_matching_consent(caseworker, worker):
    from django.core.exceptions import ValidationError

    organisation = recruiter().active_memberships[0].organisation

    with pytest.raises(ValidationError) as error:
        services.grant_access(
            actor=actor(caseworker),
            worker=worker,
            organisation=organisation,
            purpose="application",
            reason="Welding vacancy",
        )

    assert list(error.value.message_dict) == ["organisation"]
    assert worker.grants.count() == 0


def test_sharing_is_recorded_on_the_timeline_and_in_the_audit_log(caseworker, worker):
    organisation = recruiter().active_memberships[0].organisation

    grant = share(caseworker, worker, organisation, reason="Welding vacancy")

    assert worker.timeline.filter(kind="shared").count() == 1
    event = AuditEvent.objects.get(action=AuditAction.GRANT)
    assert (event.worker_id, event.object_id) == (worker.pk, str(grant.pk))
    assert event.changes["organisation"] == [None, str(organisation.pk)]


def test_recruiter_with_a_grant_may_not_edit_or_share_the_worker(client, caseworker, worker):
    agent = recruiter()
    share(caseworker, worker, agent.active_memberships[0].organisation)
    client.force_login(agent)
    before = snapshot(worker)

    edit = client.post(f"/workers/{worker.pk}/edit/", POSTS["edit/"])
    family = client.post(f"/workers/{worker.pk}/family/", POSTS["family/"])

    assert edit.status_code == 404
    assert family.status_code == 404
    assert snapshot(worker) == before


def test_grant_that_expired_shows_nothing(client, caseworker, worker):
    import datetime

    from django.utils import timezone

    agent = recruiter()
    grant = share(caseworker, worker, agent.active_memberships[0].organisation)
    grant.expires_at = timezone.now() - datetime.timedelta(minutes=1)
    grant.save()
    client.force_login(agent)

    assert client.get(f"/workers/{worker.pk}/").status_code == 404


def test_donor_gets_404_for_a_worker_and_sees_no_personal_data_at_home(client, worker):
    donor = member(Role.DONOR, type=OrganisationType.DONOR)
    client.force_login(donor)

    detail = client.get(f"/workers/{worker.pk}/")
    listing = client.get("/workers/")
    home = client.get("/")

    assert detail.status_code == 404
    assert listing.context["page"].paginator.count == 0
    page = home.content.decode()
    assert home.status_code == 200
    for personal in (worker.reference, worker.family_name, worker.family_name_latin):
        assert personal not in page
    assert list(home.context["expiring"]) == []
    assert list(home.context["recent"]) == []


def test_donor_home_hides_counts_below_five(client, caseworker):
    for number in range(6):
        register(caseworker, family_name=f"Family{number}")
    client.force_login(member(Role.DONOR, type=OrganisationType.DONOR))

    stages = dict(client.get("/").context["stages"])

    assert stages["registered"] == 6
    assert stages["profiled"] == 0


def test_worker_user_sees_only_their_own_record(client, caseworker, worker):
    other = register(caseworker, family_name="Karimov", given_name="Aziz")
    person = member(Role.WORKER, organisation=caseworker.active_memberships[0].organisation)
    worker.user = person
    worker.save()
    client.force_login(person)

    mine = client.get("/workers/me/")
    theirs = client.get(f"/workers/{other.pk}/")

    assert mine.status_code == 200
    assert mine.context["worker"] == worker
    assert other.reference not in mine.content.decode()
    assert theirs.status_code == 404
    assert client.get("/workers/").context["page"].paginator.count == 1


def test_user_without_a_worker_record_gets_404_at_my_record(client, caseworker):
    client.force_login(caseworker)

    assert client.get("/workers/me/").status_code == 404


def test_partner_organisation_without_grant_sees_nothing(client, worker):
    partner = member(
        Role.PARTNER, organisation=OrganisationFactory.create(type=OrganisationType.NGO)
    )
    client.force_login(partner)

    assert client.get(f"/workers/{worker.pk}/").status_code == 404
    assert client.get("/workers/").context["page"].paginator.count == 0
