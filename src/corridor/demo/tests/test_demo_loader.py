"""The demo loads every role's login, realistic workers, and rows the services would have made."""

import pytest

from corridor.accounts.models import Organisation, User
from corridor.core.models import AuditAction, AuditEvent
from corridor.demo.loader import DEMO_PASSWORD, LOGINS, is_loaded, load_demo
from corridor.people.models import (
    AccessGrant,
    Document,
    DocumentType,
    TimelineEvent,
    Worker,
    WorkerNameKey,
)
from corridor.people.mrz import parse_passport_mrz
from corridor.people.queries import search_workers

pytestmark = pytest.mark.django_db


def test_demo_creates_one_login_per_role_and_the_requested_workers():
    summary = load_demo(workers=60)

    assert is_loaded()
    assert summary.workers == 60
    registered_again = Worker.objects.filter(
        created_by__email="caseworker.uz@demo.corridor", name_script="latin", documents__isnull=True
    ).count()
    assert 0 < registered_again <= 12
    assert Worker.objects.count() == 60 + registered_again
    # 14 of the demo, and the two funders the programmes name (World Bank, UK DFID).
    assert Organisation.objects.count() == 16
    assert sorted(str(e) for e in User.objects.values_list("email", flat=True)) == sorted(LOGINS)
    assert all(User.objects.get(email=email).check_password(DEMO_PASSWORD) for email in LOGINS)
    assert Worker.objects.get(user__email="worker@demo.corridor").organisation.country == "UZ"
    # Shortlisting in the recruitment demo shares workers too, as the worker's centre, and the
    # support demo's referrals make referral grants; the loader's own grants are those its
    # command-line actor made by hand.
    by_hand = AccessGrant.objects.exclude(purpose="referral").values_list("pk", flat=True)
    loader_grants = AuditEvent.objects.filter(
        action=AuditAction.GRANT, channel="cli", object_id__in=[str(pk) for pk in by_hand]
    )
    assert loader_grants.count() == summary.grants
    assert AccessGrant.objects.count() > summary.grants


def test_demo_workers_carry_keys_audit_timeline_and_valid_passports():
    load_demo(workers=45)

    for worker in Worker.objects.filter(documents__type=DocumentType.PASSPORT):
        assert worker.reference.startswith(f"{worker.citizenship_id}-2026-")
        assert WorkerNameKey.objects.filter(worker=worker).exists()
        assert (
            AuditEvent.objects.filter(
                worker_id=worker.pk, action=AuditAction.CREATE, object_type="people.worker"
            ).count()
            == 1
        )
        events = TimelineEvent.objects.filter(
            worker=worker, kind__in=["registered", "stage"]
        ).order_by("at")
        first, last = events.first(), events.last()
        assert first is not None
        assert last is not None
        assert first.kind == "registered"
        assert last.to_stage == worker.stage
        passport = Document.objects.get(worker=worker, type=DocumentType.PASSPORT)
        parsed = parse_passport_mrz(passport.mrz)
        assert parsed.document_number == passport.number
        assert parsed.expiry() == passport.expiry_date


def test_a_demo_name_is_found_from_the_other_script():
    load_demo(workers=60)
    worker = Worker.objects.filter(name_script="cyrillic").order_by("reference").first()
    assert worker is not None

    found = search_workers(Worker.objects.all(), worker.family_name_latin)

    assert worker in found


def test_demo_recruitment_reaches_every_step_with_a_substitution_and_a_flagged_fee():
    from corridor.occupations.models import CodedTitle
    from corridor.recruitment.models import Application, Contract, Payment, Vacancy

    summary = load_demo(workers=400)

    assert summary.vacancies == Vacancy.objects.count() == 22
    assert Vacancy.objects.filter(employer__inn="").count() == 0
    statuses = set(Application.objects.values_list("status", flat=True))
    assert {"suggested", "shortlisted", "offered", "contracted", "employed", "rejected"} <= statuses
    assert Contract.objects.filter(is_substituted=True).count() == 1
    assert Payment.objects.filter(should_employer_pay=True, purpose="sub_agent").count() == 1
    assert CodedTitle.objects.filter(status="needs_review").exists()
    assert all(c.pdf.read(4) == b"%PDF" for c in Contract.objects.all())
