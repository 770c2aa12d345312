"""Merging two records of one person, and undoing it, on pages, in the API and in the services."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import translation

from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import member
from corridor.core.models import AuditAction, AuditEvent
from corridor.identity.models import DuplicatePair, Merge, PairStatus
from corridor.identity.services import merge_workers, undo_merge
from corridor.people.models import Document, TimelineEvent, Worker
from corridor.people.queries import search_workers
from corridor.people.tests.factories import actor, add_document, bearer, register

pytestmark = pytest.mark.django_db


def _two_records(caseworker):
    kept = register(caseworker, phone="+998901234567")
    other = register(
        caseworker,
        family_name="Abdullayev",
        given_name="Shahzod",
        patronymic="O‘tkir o‘g‘li",
        phone="+998901234567",
    )
    add_document(
        caseworker,
        other,
        type="passport",
        number="FA1234567",
        expiry_date=datetime.date(2030, 1, 1),
    )
    return kept, other


def test_merge_moves_documents_and_timeline_and_undo_moves_them_back():
    caseworker = member(Role.CASEWORKER)
    kept, other = _two_records(caseworker)
    passport = Document.objects.get(worker=other)
    other_events = set(TimelineEvent.objects.filter(worker=other).values_list("pk", flat=True))

    merge = merge_workers(actor=actor(caseworker), kept=kept, merged=other)

    passport.refresh_from_db()
    other.refresh_from_db()
    assert passport.worker_id == kept.pk
    assert other.merged_into_id == kept.pk
    assert other_events <= set(
        TimelineEvent.objects.filter(worker=kept).values_list("pk", flat=True)
    )
    assert list(search_workers(Worker.objects.active(), "Abdullayev O‘tkir")) == [kept]
    assert AuditEvent.objects.filter(action=AuditAction.MERGE).count() == 2
    note = TimelineEvent.objects.get(worker=other, kind="note")
    assert note.params == {"merged": other.reference, "kept": kept.reference}
    with translation.override("ru"):
        assert note.text == f"{other.reference} объединена с {kept.reference}"

    undo_merge(actor=actor(caseworker), merge=merge)

    passport.refresh_from_db()
    other.refresh_from_db()
    assert passport.worker_id == other.pk
    assert other.merged_into_id is None
    assert other_events <= set(
        TimelineEvent.objects.filter(worker=other).values_list("pk", flat=True)
    )
    assert Merge.objects.get().undone_at is not None
    assert AuditEvent.objects.filter(action=AuditAction.UNMERGE).count() == 2


def test_registry_dedupe_queues_the_pair_once_and_explains_it():
    caseworker = member(Role.CASEWORKER)
    kept, other = _two_records(caseworker)
    register(
        caseworker,
        family_name="Каримов",
        given_name="Азиз",
        patronymic="",
        birth_date=datetime.date(1980, 1, 1),
    )

    call_command("dedupe")
    call_command("dedupe")

    pair = DuplicatePair.objects.get()
    assert {pair.worker_a_id, pair.worker_b_id} == {kept.pk, other.pk}
    assert pair.match_probability > 0.9
    assert {item["field"] for item in pair.explanation if item["weight"] > 0} >= {
        "family_key",
        "given_key",
        "phone",
    }


def test_caseworker_merges_from_the_review_page(client):
    caseworker = member(Role.CASEWORKER)
    kept, other = _two_records(caseworker)
    call_command("dedupe")
    pair = DuplicatePair.objects.get()
    client.force_login(caseworker)

    queue = client.get("/identity/review/")
    page = client.get(f"/identity/review/{pair.pk}/")
    response = client.post(
        f"/identity/review/{pair.pk}/", {"decision": "merge", "keep": str(kept.pk)}
    )

    assert other.reference in queue.content.decode()
    assert page.status_code == 200
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.status == PairStatus.MERGED
    assert Worker.objects.get(pk=other.pk).merged_into_id == kept.pk


def test_caseworker_of_another_organisation_gets_404_and_nothing_changes(client):
    owner = member(Role.CASEWORKER)
    kept, other = _two_records(owner)
    call_command("dedupe")
    pair = DuplicatePair.objects.get()
    merge = merge_workers(actor=actor(owner), kept=kept, merged=other)
    stranger = member(Role.CASEWORKER)
    client.force_login(stranger)

    responses = [
        client.get(f"/identity/review/{pair.pk}/"),
        client.post(f"/identity/review/{pair.pk}/", {"decision": "not_same"}),
        client.post(f"/identity/merges/{merge.pk}/undo/"),
        client.post(f"/api/v1/identity/merges/{merge.pk}/undo"),
    ]

    assert [r.status_code for r in responses] == [404, 404, 404, 404]
    assert "Абдуллаев" not in client.get("/identity/review/").content.decode()
    merge.refresh_from_db()
    assert merge.undone_at is None
    assert Worker.objects.get(pk=other.pk).merged_into_id == kept.pk


def test_api_merges_rejects_a_third_record_and_undoes(client):
    caseworker = member(Role.CASEWORKER)
    kept, other = _two_records(caseworker)
    call_command("dedupe")
    pair = DuplicatePair.objects.get()
    headers = bearer(caseworker)

    listed = client.get("/api/v1/identity/pairs", headers=headers).json()
    wrong = client.post(
        f"/api/v1/identity/pairs/{pair.pk}/merge",
        {"keep": str(register(caseworker).pk)},
        content_type="application/json",
        headers=headers,
    )
    merged = client.post(
        f"/api/v1/identity/pairs/{pair.pk}/merge",
        {"keep": str(other.pk)},
        content_type="application/json",
        headers=headers,
    )
    undone = client.post(f"/api/v1/identity/merges/{merged.json()['id']}/undo", headers=headers)
    again = client.post(f"/api/v1/identity/merges/{merged.json()['id']}/undo", headers=headers)

    assert [item["id"] for item in listed["items"]] == [str(pair.pk)]
    assert wrong.status_code == 422
    assert merged.status_code == 200
    assert merged.json()["kept"]["reference"] == other.reference
    assert undone.status_code == 200
    assert undone.json()["undone_at"] is not None
    assert again.status_code == 422
    assert Worker.objects.get(pk=kept.pk).merged_into_id is None


def test_not_the_same_person_leaves_the_queue_and_is_not_proposed_again(client):
    caseworker = member(Role.CASEWORKER)
    _two_records(caseworker)
    call_command("dedupe")
    pair = DuplicatePair.objects.get()
    client.force_login(caseworker)

    client.post(f"/identity/review/{pair.pk}/", {"decision": "not_same"})
    call_command("dedupe")

    assert DuplicatePair.objects.get().status == PairStatus.NOT_SAME
    assert "Абдуллаев" not in client.get("/identity/review/").content.decode()


def test_another_organisations_pairs_are_not_listed_in_the_api(client):
    owner = member(Role.CASEWORKER)
    _two_records(owner)
    call_command("dedupe")
    stranger = member(Role.CASEWORKER)

    listed = client.get("/api/v1/identity/pairs", headers=bearer(stranger)).json()

    assert listed["items"] == []
    assert listed["count"] == 0
    assert DuplicatePair.objects.get().status == PairStatus.OPEN
