"""One rule of who sees a worker: the record's scope (`Worker.objects.for_user`) and the
sections' (`people.access.workers_showing`) agree for every role of the matrix world, and
agree with what `access_to` answers for each record."""

import pytest
from django.contrib.auth.models import AnonymousUser

from corridor.core.tests.matrix.world import (
    AUTHORITY,
    EMP_GRANT,
    OTHER_ADMIN,
    OTHER_CW,
    OTHER_WORKER,
    OWN_CW,
    REC_GRANT,
    ROLES,
    SELF,
    World,
)
from corridor.people.access import Section, access_to, workers_showing
from corridor.people.models import Worker

# The world's workers whose record each role opens; a referral's grant opens none.
RECORD = {
    OWN_CW: {"W", "X", "D1", "D2", "M_KEPT", "M_MERGED"},
    OTHER_CW: {"WB"},
    OTHER_ADMIN: {"WB"},
    REC_GRANT: {"W"},
    EMP_GRANT: {"W"},
    AUTHORITY: {"W"},
    SELF: {"W"},
    OTHER_WORKER: {"X"},
}


def _user(world: World, role: str):
    return world.users[role] or AnonymousUser()


def _keys(world: World, workers) -> set[str]:
    ids = set(workers.values_list("pk", flat=True))
    return {key for key, worker in world.workers.items() if worker.pk in ids}


@pytest.mark.parametrize("role", ROLES)
def test_the_record_shows_each_role_its_workers(world, db, role):
    assert _keys(world, Worker.objects.for_user(_user(world, role))) == RECORD.get(role, set())


@pytest.mark.parametrize("role", ROLES)
def test_every_section_shows_only_workers_whose_record_is_shown_and_identity_all_of_them(
    world, db, role
):
    user = _user(world, role)
    record = _keys(world, Worker.objects.for_user(user))
    by_section = {section: _keys(world, workers_showing(user, section)) for section in Section}

    assert {s: ids - record for s, ids in by_section.items()} == {s: set() for s in Section}
    assert by_section[Section.IDENTITY] == record


@pytest.mark.parametrize("role", ROLES)
def test_the_sections_of_each_worker_are_those_access_to_answers(world, db, role):
    user = _user(world, role)
    record = Worker.objects.for_user(user)
    shown = {
        key: {s for s in Section if workers_showing(user, s).filter(pk=worker.pk).exists()}
        for key, worker in world.workers.items()
    }
    answered = {
        key: set(access_to(user, worker).sections)
        if record.filter(pk=worker.pk).exists()
        else set()
        for key, worker in world.workers.items()
    }

    assert shown == answered


def test_a_recruiter_holding_an_application_grant_sees_the_candidate_sections_only(world, db):
    user = world.users[REC_GRANT]

    showing_w = {s for s in Section if workers_showing(user, s).filter(pk=world.workers["W"].pk)}

    assert showing_w == {
        Section.IDENTITY,
        Section.CONTACT,
        Section.LANGUAGES,
        Section.PROFILE,
        Section.DOCUMENT_VALIDITY,
    }
