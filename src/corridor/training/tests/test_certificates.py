"""Certificates: issued on a pass, unguessable codes, validity per course type, the document
matching reads, revocation."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from corridor.accounts.tests.factories import member
from corridor.core.models import AuditAction, AuditEvent
from corridor.people.models import Document, DocumentType, TimelineEvent, TimelineKind
from corridor.people.tests.factories import actor, register
from corridor.training import certificates
from corridor.training.certificates import CODE_ALPHABET, add_years, normalise_code
from corridor.training.models import Certificate
from corridor.training.tests.factories import (
    TODAY,
    certified,
    cohort,
    complete,
    course,
    enrol,
    provider_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider():
    return provider_user()


@pytest.fixture
def caseworker():
    return member()


def test_a_pass_earns_a_certificate_with_a_random_code_audited_and_on_the_timeline(
    provider, caseworker
):
    certificate = certified(provider, caseworker)

    assert len(certificate.code) == 12
    assert set(certificate.code) <= set(CODE_ALPHABET)
    assert certificate.issued_on == TODAY
    assert certificate.holder_initials == "Ш. А."
    assert certificate.organisation_id == certificate.worker.organisation_id
    assert certificate.status() == "valid"
    entry = TimelineEvent.objects.get(
        worker=certificate.worker, kind=TimelineKind.TRAINING, message="certificate_issued"
    )
    with translation.override("ru"):
        assert (
            entry.text == f"Выдан сертификат по курсу “{certificate.enrolment.cohort.course.title}”"
        )
    assert (
        AuditEvent.objects.filter(
            object_type="training.certificate",
            action=AuditAction.CREATE,
            worker_id=certificate.worker_id,
        ).count()
        == 1
    )


def test_codes_are_unambiguous_and_differ_each_time():
    codes = {certificates.new_code() for _ in range(200)}

    assert len(codes) == 200
    assert not set("".join(codes)) & set("01ILO")


def test_the_exam_certificate_is_valid_five_years_and_becomes_the_workers_document(
    provider, caseworker
):
    certificate = certified(provider, caseworker)

    assert certificate.valid_until == add_years(TODAY, 5) - datetime.timedelta(days=1)
    document = Document.objects.get(worker=certificate.worker)
    assert document.type == DocumentType.LANGUAGE_CERTIFICATE
    assert document.number == certificate.code
    assert document.issue_date == certificate.issued_on
    assert document.expiry_date == certificate.valid_until
    assert certificate.document == document
    # Recorded by the provider, visible to the worker's centre like any of its documents.
    assert document.organisation == provider.active_memberships[0].organisation
    assert Document.objects.for_user(caseworker).filter(pk=document.pk).exists()


def test_an_orientation_certificate_has_no_end_date_and_no_document(provider, caseworker):
    orientation = course(provider, title="Orientation", type="orientation", hours=16)

    certificate = certified(provider, caseworker, course_=orientation)

    assert certificate.valid_until is None
    assert certificate.document is None
    assert Document.objects.filter(worker=certificate.worker).count() == 0


def test_a_vocational_certificate_adds_no_document(provider, caseworker):
    welding = course(provider, title="Welding", type="vocational", isco_code="7212", hours=120)

    certificate = certified(provider, caseworker, course_=welding)

    assert not Document.objects.filter(worker=certificate.worker).exists()


def test_no_certificate_without_a_pass_or_before_completion(provider, caseworker):
    group = cohort(provider, course(provider))
    failed = enrol(caseworker, group, register(caseworker, given_name="Ali"))
    complete(provider, failed, score=20, passed=False)
    still_enrolled = enrol(caseworker, group, register(caseworker, given_name="Vali"))

    for enrolment in (failed, still_enrolled):
        with pytest.raises(ValidationError):
            certificates.issue_certificate(actor=actor(provider), enrolment=enrolment)

    assert Certificate.objects.count() == 0
    assert Document.objects.count() == 0


def test_a_second_certificate_for_the_same_enrolment_is_refused(provider, caseworker):
    certificate = certified(provider, caseworker)

    with pytest.raises(ValidationError) as caught:
        certificates.issue_certificate(actor=actor(provider), enrolment=certificate.enrolment)

    assert "already issued" in caught.value.messages[0]
    assert Certificate.objects.count() == 1


def test_issuing_for_a_cohort_covers_every_pass_without_a_certificate(provider, caseworker):
    group = cohort(provider, course(provider))
    passed = [enrol(caseworker, group, register(caseworker, given_name=n)) for n in "ABC"]
    for enrolment in passed:
        complete(provider, enrolment)
    certificates.issue_certificate(actor=actor(provider), enrolment=passed[0])

    issued = certificates.issue_certificates(actor=actor(provider), cohort=group)

    assert sorted(c.enrolment_id for c in issued) == sorted(e.pk for e in passed[1:])
    assert certificates.certificates_due(group) == []


def test_only_the_provider_issues_certificates(provider, caseworker):
    group = cohort(provider, course(provider))
    enrolment = enrol(caseworker, group, register(caseworker))
    complete(provider, enrolment)

    for outsider in (caseworker, provider_user(name="Another provider")):
        with pytest.raises(PermissionDenied):
            certificates.issue_certificate(actor=actor(outsider), enrolment=enrolment)

    assert Certificate.objects.count() == 0


def test_revoking_marks_it_and_removes_the_document_matching_reads(provider, caseworker):
    certificate = certified(provider, caseworker)

    certificates.revoke_certificate(
        actor=actor(provider), certificate=certificate, reason="Issued in error"
    )

    certificate.refresh_from_db()
    assert certificate.status() == "revoked"
    assert certificate.revoked_reason == "Issued in error"
    assert certificate.revoked_by == provider
    assert certificate.document is None
    assert not Document.objects.filter(worker=certificate.worker).exists()
    assert AuditEvent.objects.filter(
        object_type="training.certificate", action=AuditAction.REVOKE
    ).exists()
    assert AuditEvent.objects.filter(
        object_type="people.document", action=AuditAction.DELETE, worker_id=certificate.worker_id
    ).exists()


def test_revoking_needs_a_reason_and_happens_once(provider, caseworker):
    certificate = certified(provider, caseworker)

    with pytest.raises(ValidationError):
        certificates.revoke_certificate(actor=actor(provider), certificate=certificate, reason=" ")
    certificates.revoke_certificate(actor=actor(provider), certificate=certificate, reason="Fraud")
    with pytest.raises(ValidationError):
        certificates.revoke_certificate(
            actor=actor(provider), certificate=certificate, reason="Again"
        )

    certificate.refresh_from_db()
    assert certificate.revoked_reason == "Fraud"


def test_the_workers_centre_cannot_revoke(provider, caseworker):
    certificate = certified(provider, caseworker)

    with pytest.raises(PermissionDenied):
        certificates.revoke_certificate(
            actor=actor(caseworker), certificate=certificate, reason="No"
        )

    certificate.refresh_from_db()
    assert certificate.revoked_at is None


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ABCD-EFGH-JKMN", "ABCDEFGHJKMN"),
        (" abcd efgh jkmn ", "ABCDEFGHJKMN"),
        ("ABCDEFGHJKM", None),
        ("ABCDEFGHJKMNP", None),
        ("ABCDEFGHJKM0", None),
        ("ABCDEFGHJKM%", None),
        ("../../etc/passwd", None),
        ("", None),
    ],
)
def test_typed_codes_are_normalised_or_refused(typed, expected):
    assert normalise_code(typed) == expected


def test_a_certificate_issued_on_29_february_runs_to_27_february():
    assert add_years(datetime.date(2028, 2, 29), 5) == datetime.date(2033, 2, 28)
