"""The support API: the catalogue, referrals on both sides, groups and meetings; a negative
test for each."""

import pytest

from corridor.accounts.models import OrganisationType
from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import OrganisationFactory, member
from corridor.people.tests.factories import actor, bearer, register, snapshot
from corridor.support import groups
from corridor.support.models import (
    AssistanceGroup,
    GroupMember,
    Meeting,
    PartnerService,
    Referral,
    ReferralStatus,
)
from corridor.support.tests.factories import days_ago, family_of, group_of, organisation_of, refer

pytestmark = pytest.mark.django_db
API = "/api/v1/support"


def post(client, url, body, user):
    return client.post(f"{API}{url}", body, content_type="application/json", headers=bearer(user))


def get(client, url, user):
    return client.get(f"{API}{url}", headers=bearer(user))


NEW_SERVICE = {
    "name": "Юридическая консультация по трудовым спорам",
    "category": "legal_aid",
    "description": "Бесплатно для трудовых мигрантов",
    "countries": ["RU"],
    "regions": ["RU-MOW", "ru-mos"],
    "languages": ["ru", "uz", "tg"],
    "contact_email": "referrals@example.org",
}


def test_a_partner_adds_a_service_and_it_is_listed(client, partner, caseworker):
    created = post(
        client, "/services", {**NEW_SERVICE, "organisation": str(organisation_of(partner).pk)},
        partner,
    )  # fmt: skip

    assert created.status_code == 201
    body = created.json()
    assert body["regions"] == ["RU-MOS", "RU-MOW"]
    assert body["languages"] == ["ru", "tg", "uz"]
    listed = get(client, "/services?category=legal_aid&language=tg", caseworker).json()
    assert [item["id"] for item in listed["items"]] == [body["id"]]
    assert get(client, "/services?category=housing", caseworker).json()["count"] == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"category": "banking"}, "category"),
        ({"languages": ["xx"]}, "languages"),
        ({"regions": ["RU-ZZZ"]}, "regions"),
        ({"name": ""}, "name"),
        ({"contact_email": "not an address"}, "contact_email"),
    ],
)
def test_a_bad_service_is_refused_with_the_field(client, partner, change, field):
    answer = post(
        client,
        "/services",
        {**NEW_SERVICE, "organisation": str(organisation_of(partner).pk), **change},
        partner,
    )

    assert answer.status_code == 422
    assert field in answer.json()["error"]["fields"]
    assert PartnerService.objects.count() == 0


def test_a_service_for_another_organisation_is_forbidden(client, partner, other_partner):
    answer = post(
        client,
        "/services",
        {**NEW_SERVICE, "organisation": str(organisation_of(other_partner).pk)},
        partner,
    )

    assert answer.status_code == 403
    assert PartnerService.objects.count() == 0


def test_the_catalogue_is_closed_to_donors(client, legal_aid):
    donor = member(Role.DONOR, OrganisationFactory.create(type=OrganisationType.DONOR))

    assert get(client, "/services", donor).status_code == 403
    assert get(client, f"/services/{legal_aid.pk}", donor).status_code == 403


def test_a_caseworker_refers_and_reads_it_back(client, caseworker, worker, legal_aid):
    child = family_of(caseworker, worker)
    created = post(
        client,
        "/referrals",
        {
            "worker": str(worker.pk),
            "service": str(legal_aid.pk),
            "family_member": str(child.pk),
            "reason": "Ребёнку нужна справка для школы",
        },
        caseworker,
    )

    assert created.status_code == 201
    body = created.json()
    assert (body["status"], body["category"], body["family_member"]) == (
        "sent",
        "legal_aid",
        str(child.pk),
    )
    assert body["partner"]["name"] == "Migrant Rights Legal Aid Centre"
    assert body["is_overdue"] is False
    assert [step["to_status"] for step in body["steps"]] == ["sent"]
    read = get(client, f"/referrals/{body['id']}", caseworker).json()
    assert read["reason"] == "Ребёнку нужна справка для школы"
    listed = get(client, "/referrals?status=sent", caseworker).json()
    assert [item["id"] for item in listed["items"]] == [body["id"]]


def test_without_consent_the_api_answers_422_and_writes_nothing(client, caseworker, legal_aid):
    worker = register(caseworker)
    before = snapshot(worker)

    answer = post(
        client,
        "/referrals",
        {"worker": str(worker.pk), "service": str(legal_aid.pk), "reason": "Нужен юрист"},
        caseworker,
    )

    assert answer.status_code == 422
    assert "consent" in answer.json()["error"]["fields"]
    assert Referral.objects.count() == 0
    assert snapshot(worker) == before


def test_an_override_without_the_permission_answers_403(client, caseworker, legal_aid):
    worker = register(caseworker)

    answer = post(
        client,
        "/referrals",
        {
            "worker": str(worker.pk),
            "service": str(legal_aid.pk),
            "reason": "Нужен юрист",
            "consent_override_reason": "Срочно",
        },
        caseworker,
    )

    assert answer.status_code == 403
    assert Referral.objects.count() == 0


def test_another_centre_cannot_refer_or_read(client, caseworker, outsider, worker, legal_aid):
    referral = refer(caseworker, worker, legal_aid)
    before = snapshot(worker)

    created = post(
        client,
        "/referrals",
        {"worker": str(worker.pk), "service": str(legal_aid.pk), "reason": "x"},
        outsider,
    )
    read = get(client, f"/referrals/{referral.pk}", outsider)
    cancel = post(
        client, f"/referrals/{referral.pk}/status", {"status": "cancelled", "note": "x"}, outsider
    )

    assert (created.status_code, read.status_code, cancel.status_code) == (404, 404, 404)
    assert get(client, "/referrals", outsider).json()["count"] == 0
    assert Referral.objects.get().status == ReferralStatus.SENT
    assert snapshot(worker) == before


def test_the_partner_moves_records_the_outcome_and_the_sender_the_feedback(
    client, caseworker, partner, worker, legal_aid
):
    referral = refer(caseworker, worker, legal_aid)

    accepted = post(client, f"/referrals/{referral.pk}/status", {"status": "accepted"}, partner)
    wrong = post(client, f"/referrals/{referral.pk}/status", {"status": "sent"}, partner)
    done = post(
        client, f"/referrals/{referral.pk}/outcome", {"outcome": "Иск подан в суд"}, partner
    )
    by_partner = post(client, f"/referrals/{referral.pk}/feedback", {"rating": 5}, partner)
    rated = post(
        client,
        f"/referrals/{referral.pk}/feedback",
        {"rating": 4, "comment": "Помогли"},
        caseworker,
    )
    too_high = post(client, f"/referrals/{referral.pk}/feedback", {"rating": 6}, caseworker)

    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert wrong.status_code == 422
    assert done.json()["status"] == "completed"
    assert done.json()["outcome"] == "Иск подан в суд"
    assert by_partner.status_code == 404
    assert rated.status_code == 200
    assert (rated.json()["feedback_rating"], rated.json()["feedback_comment"]) == (4, "Помогли")
    assert too_high.status_code == 422


def test_the_sender_may_not_accept_and_the_partner_may_not_cancel(
    client, caseworker, partner, worker, legal_aid
):
    referral = refer(caseworker, worker, legal_aid)

    by_sender = post(client, f"/referrals/{referral.pk}/status", {"status": "accepted"}, caseworker)
    by_partner = post(
        client, f"/referrals/{referral.pk}/status", {"status": "cancelled", "note": "x"}, partner
    )

    assert (by_sender.status_code, by_partner.status_code) == (403, 403)
    assert Referral.objects.get().status == ReferralStatus.SENT


def test_the_overdue_filter(client, caseworker, worker, legal_aid):
    late = refer(caseworker, worker, legal_aid)
    refer(caseworker, worker, legal_aid)
    Referral.objects.filter(pk=late.pk).update(due_date=days_ago(2))

    body = get(client, "/referrals?overdue=true", caseworker).json()

    assert [item["id"] for item in body["items"]] == [str(late.pk)]
    assert body["items"][0]["is_overdue"] is True


def test_groups_and_meetings(client, caseworker, worker):
    wife = family_of(caseworker, worker, full_name="Абдуллаева Нилуфар", relation="spouse")
    created = post(
        client,
        "/groups",
        {
            "organisation": str(organisation_of(caseworker).pk),
            "name": "Семьи мигрантов — Ургут",
            "country": "uz",
            "region": "UZ-SA",
            "locality": "Ургут",
            "facilitator": str(caseworker.pk),
        },
        caseworker,
    )
    group_id = created.json()["id"]
    joined = post(
        client,
        f"/groups/{group_id}/members",
        {"worker": str(worker.pk), "family_member": str(wife.pk), "joined_on": "2026-01-10"},
        caseworker,
    )
    meeting = post(
        client,
        f"/groups/{group_id}/meetings",
        {
            "held_on": days_ago(1).isoformat(),
            "topics": "Переводы",
            "present": [joined.json()["id"]],
        },
        caseworker,
    )

    assert created.status_code == 201
    assert (created.json()["country"], created.json()["region"]) == ("UZ", "UZ-SA")
    assert joined.status_code == 201
    assert joined.json()["name"] == "Абдуллаева Нилуфар"
    assert meeting.status_code == 201
    assert meeting.json()["present"] == [joined.json()["id"]]
    assert get(client, f"/groups/{group_id}", caseworker).json()["members"][0][
        "worker_reference"
    ] == (worker.reference)
    assert len(get(client, f"/groups/{group_id}/meetings", caseworker).json()) == 1


def test_a_need_raised_over_the_api(client, caseworker, worker, legal_aid):
    group = group_of(caseworker)
    joined = groups.add_member(
        actor=actor(caseworker), group=group, worker=worker, joined_on=days_ago(5)
    )
    meeting = groups.record_meeting(
        actor=actor(caseworker), group=group, held_on=days_ago(1), topics="Права"
    )

    answer = post(
        client,
        f"/meetings/{meeting.pk}/needs",
        {"member": str(joined.pk), "service": str(legal_aid.pk), "reason": "Нет зарплаты"},
        caseworker,
    )

    assert answer.status_code == 201
    assert answer.json()["meeting"] == str(meeting.pk)


def test_groups_of_another_organisation_answer_404(client, caseworker, outsider, worker):
    group = group_of(caseworker)
    joined = groups.add_member(actor=actor(caseworker), group=group, worker=worker)
    meeting = groups.record_meeting(
        actor=actor(caseworker), group=group, held_on=days_ago(0), topics="x"
    )
    stranger = register(outsider)

    assert get(client, f"/groups/{group.pk}", outsider).status_code == 404
    assert get(client, f"/meetings/{meeting.pk}", outsider).status_code == 404
    assert get(client, "/groups", outsider).json()["count"] == 0
    added = post(client, f"/groups/{group.pk}/members", {"worker": str(stranger.pk)}, outsider)
    met = post(
        client, f"/groups/{group.pk}/meetings", {"held_on": "2026-01-01", "topics": "x"}, outsider
    )
    need = post(
        client,
        f"/meetings/{meeting.pk}/needs",
        {"member": str(joined.pk), "service": str(joined.pk), "reason": "x"},
        outsider,
    )
    assert (added.status_code, met.status_code, need.status_code) == (404, 404, 404)
    assert (GroupMember.objects.count(), Meeting.objects.count()) == (1, 1)
    assert AssistanceGroup.objects.count() == 1


def test_a_group_for_an_organisation_without_manage_groups_is_forbidden(client, caseworker):
    office = organisation_of(
        member(Role.DONOR, OrganisationFactory.create(type=OrganisationType.DONOR))
    )

    answer = post(
        client,
        "/groups",
        {"organisation": str(office.pk), "name": "Группа", "country": "UZ"},
        caseworker,
    )

    assert answer.status_code == 403
    assert AssistanceGroup.objects.count() == 0
