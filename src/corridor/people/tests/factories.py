import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from corridor.accounts.models import ApiToken
from corridor.core.audit import Actor
from corridor.people import documents as document_services
from corridor.people import services
from corridor.people.models import ConsentPurpose, Worker

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# The ICAO Doc 9303 part 4 specimen passport (Utopia, Anna Maria Eriksson).
SPECIMEN_MRZ = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
)


def passport_mrz(
    *,
    family: str,
    given: str,
    birth: datetime.date,
    sex: str,
    number: str = "AB1234567",
    expiry: datetime.date = datetime.date(2031, 5, 20),
    state: str = "UZB",
) -> str:
    """A TD3 machine-readable zone for the given person, with correct check digits."""
    from corridor.people.mrz import check_digit

    first = f"P<{state}{family}<<{given.replace(' ', '<')}"[:44].ljust(44, "<")
    doc = number.ljust(9, "<")[:9]
    born, expires = birth.strftime("%y%m%d"), expiry.strftime("%y%m%d")
    body = (
        f"{doc}{check_digit(doc)}{state}{born}{check_digit(born)}{sex}"
        f"{expires}{check_digit(expires)}{'<' * 14}<"
    )
    composite = body[0:10] + body[13:20] + body[21:43]
    return f"{first}\n{body}{check_digit(composite)}"


def actor(user, organisation=None) -> Actor:
    """The actor `user` is when working for `organisation` (their first one if none)."""
    organisation = organisation or user.active_memberships[0].organisation
    return Actor(user=user, organisation_id=organisation.pk)


def register(user, *, organisation=None, **details) -> Worker:
    """Register a worker through the real service, as `user` for their first organisation."""
    membership = user.active_memberships[0]
    organisation = organisation or membership.organisation
    fields = {
        "family_name": "Абдуллаев",
        "given_name": "Шахзод",
        "patronymic": "Ўткирович",
        "sex": "M",
        "birth_date": datetime.date(1995, 3, 14),
        "citizenship": "UZ",
        **details,
    }
    return services.register_worker(
        actor=actor(user, organisation), organisation=organisation, details=fields
    )


def with_profile(worker) -> Worker:
    """Given: the worker's profile (a language and skills) is recorded, without events."""
    from corridor.people.models import WorkerLanguage

    WorkerLanguage.objects.create(worker=worker, language_id="ru", level="B1")
    Worker.objects.filter(pk=worker.pk).update(skills="Welding (MIG/MAG)")
    worker.refresh_from_db()
    return worker


def give_consent(user, worker, purpose=ConsentPurpose.MATCHING, *, is_given=True):
    return services.record_consent(
        actor=actor(user), worker=worker, purpose=purpose, is_given=is_given, method="signed_form"
    )


def share(user, worker, organisation, *, purpose="application", reason="Job application"):
    """Share `worker` with `organisation`, giving the matching consent first."""
    give_consent(user, worker)
    return services.grant_access(
        actor=actor(user), worker=worker, organisation=organisation, purpose=purpose, reason=reason
    )


def add_document(user, worker, *, upload=None, **details):
    fields = {"type": "passport", "number": "AB1234567", "issuing_country_id": "UZ", **details}
    return document_services.add_document(
        actor=actor(user), worker=worker, details=fields, upload=upload
    )


def pdf_upload(name="scan.pdf", content=PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def add_family_member(user, worker, **details):
    fields = {"relation": "child", "full_name": "Абдуллаева Малика", **details}
    return document_services.add_family_member(actor=actor(user), worker=worker, details=fields)


def bearer(user) -> dict[str, str]:
    """Headers for the test client that authenticate as `user` through a fresh API token."""
    _, raw = ApiToken.issue(user=user)
    return {"Authorization": f"Bearer {raw}"}


def snapshot(worker) -> dict:
    """Everything a request could change about `worker`, to compare before and after."""
    from corridor.core.models import AuditEvent
    from corridor.people.models import (
        AccessGrant,
        ConsentRecord,
        Document,
        FamilyMember,
        TimelineEvent,
    )

    row = Worker.objects.values(
        "family_name", "given_name", "phone", "stage", "birth_date", "updated_at"
    ).get(pk=worker.pk)
    return {
        "worker": row,
        "documents": Document.objects.filter(worker=worker).count(),
        "family": FamilyMember.objects.filter(worker=worker).count(),
        "consents": ConsentRecord.objects.filter(worker=worker).count(),
        "timeline": TimelineEvent.objects.filter(worker=worker).count(),
        "grants": list(AccessGrant.objects.filter(worker=worker).values_list("id", "revoked_at")),
        "audit": list(
            AuditEvent.objects.filter(worker_id=worker.pk).values_list("action", flat=True)
        ),
    }
