"""Adding a worker's documents (with upload checks and MRZ verification) and family members."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from corridor.accounts.permissions import require_permission_in
from corridor.accounts.roles import Permission
from corridor.core import audit
from corridor.core.audit import Actor
from corridor.core.models import AuditAction
from corridor.people.models import (
    Document,
    DocumentType,
    FamilyMember,
    Relation,
    TimelineKind,
    Worker,
)
from corridor.people.mrz import MRZError, PassportMRZ, identity_disagreements, parse_passport_mrz
from corridor.people.services import add_timeline_event
from corridor.people.timeline import TimelineMessage, choice
from corridor.reference.models import Country


def normalise_document_number(number: str) -> str:
    return "".join(ch for ch in number.upper() if ch.isalnum())


def check_upload(upload: UploadedFile) -> str:
    """Return the verified content type of an upload, or raise a translated ValidationError.

    The browser's stated type is not trusted: the first bytes must match a permitted format.
    """
    if upload.size is not None and upload.size > settings.DOCUMENT_MAX_BYTES:
        raise ValidationError(
            {
                "file": [
                    _("The file is larger than %(limit)d MB.")
                    % {"limit": settings.DOCUMENT_MAX_BYTES // (1024 * 1024)}
                ]
            }
        )
    head = upload.read(8)
    upload.seek(0)
    for content_type, magic in settings.DOCUMENT_CONTENT_TYPES.items():
        if head.startswith(magic):
            return content_type
    raise ValidationError({"file": [_("Upload a PDF, JPEG or PNG file.")]})


MRZ_FAULTS = {
    "shape": gettext_lazy("A passport MRZ has two lines of 44 characters."),
    "type": gettext_lazy("A passport MRZ starts with P."),
    "characters": gettext_lazy("The MRZ may contain only the letters A-Z, digits and <."),
    "document number": gettext_lazy("The check digit of the document number does not match."),
    "date of birth": gettext_lazy("The check digit of the date of birth does not match."),
    "date of expiry": gettext_lazy("The check digit of the date of expiry does not match."),
    "personal number": gettext_lazy("The check digit of the personal number does not match."),
    "composite": gettext_lazy("The final (composite) check digit does not match."),
}


# The worker's fields each disagreement of the zone is about (see mrz.identity_disagreements).
IDENTITY_FIELDS = {
    "family name": "family_name",
    "given names": "given_name",
    "date of birth": "birth_date",
    "sex": "sex",
}


def _field_label(name: str) -> str:
    field = Worker._meta.get_field(name)
    return str(getattr(field, "verbose_name", name))


def _zone_disagreements(worker: Worker, parsed: PassportMRZ) -> list[str]:
    return identity_disagreements(
        parsed,
        family_name=worker.family_name,
        given_name=worker.given_name,
        patronymic=worker.patronymic,
        birth_date=worker.birth_date,
        sex=worker.sex,
    )


def withdraw_stale_mrz_verification(*, actor: Actor, worker: Worker) -> None:
    """After the worker's name, birth date or sex changed, a verified zone that no longer
    agrees with the record loses its badge (audited): verified means "this person's zone"."""
    for document in worker.documents.filter(is_mrz_verified=True):
        try:
            stale = bool(_zone_disagreements(worker, parse_passport_mrz(document.mrz)))
        except MRZError:
            stale = True
        if stale:
            document.is_mrz_verified = False
            document.save(update_fields=["is_mrz_verified", "updated_at"])
            audit.record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=document,
                worker_id=worker.pk,
                changes={"is_mrz_verified": [True, False]},
            )


def _check_zone_is_the_workers(document: Document, parsed: PassportMRZ) -> None:
    """A zone whose check digits hold is verified only if it is this worker's: otherwise the
    document is refused, naming what disagrees (someone else's passport is not evidence)."""
    found = _zone_disagreements(document.worker, parsed)
    if found:
        labels = [_field_label(IDENTITY_FIELDS[code]) for code in found]
        raise ValidationError(
            {
                "mrz": [
                    _(
                        "The machine-readable zone does not agree with the worker's record: %(fields)s."
                    )
                    % {"fields": ", ".join(labels)}
                ]
            }
        )
    if document.issuing_country_id:
        state = Country.objects.filter(pk=document.issuing_country_id).values_list(
            "alpha_3", flat=True
        )
        if state.first() != parsed.issuing_state:
            raise ValidationError(
                {
                    "issuing_country": [
                        _("The issuing country differs from the one in the machine-readable zone.")
                    ]
                }
            )


def _apply_mrz(document: Document) -> None:
    if not document.mrz.strip():
        document.mrz = ""
        return
    if document.type != DocumentType.PASSPORT:
        raise ValidationError(
            {"mrz": [_("A machine-readable zone is checked for passports only.")]}
        )
    try:
        parsed = parse_passport_mrz(document.mrz)
    except MRZError as error:
        reason = MRZ_FAULTS.get(error.code, str(error))
        raise ValidationError({"mrz": [reason]}) from error
    if document.number and normalise_document_number(document.number) != parsed.document_number:
        raise ValidationError(
            {"number": [_("The number differs from the one in the machine-readable zone.")]}
        )
    _check_zone_is_the_workers(document, parsed)
    document.number = document.number or parsed.document_number
    document.expiry_date = document.expiry_date or parsed.expiry()
    document.mrz = "\n".join(line.strip().upper() for line in document.mrz.strip().splitlines())
    document.is_mrz_verified = True


@transaction.atomic
def add_document(
    *,
    actor: Actor,
    worker: Worker,
    details: dict[str, Any],
    upload: UploadedFile | None = None,
    issued_by_workflow: bool = False,
) -> Document:
    """Record a document for a worker: file checked, MRZ verified, audited.

    `issued_by_workflow` is for a document another app issues under its own checks (a training
    provider's certificate): its staff hold no permission in the worker's organisation."""
    if not issued_by_workflow:
        require_permission_in(actor, Permission.CHANGE_WORKERS, worker.organisation)
    document = Document(
        worker=worker,
        organisation_id=actor.organisation_id or worker.organisation_id,
        created_by=actor.user if actor.user.is_authenticated else None,
        **details,
    )
    document.number = document.number.strip()
    _apply_mrz(document)
    document.number_normalised = normalise_document_number(document.number)
    if upload is not None:
        document.file_content_type = check_upload(upload)
        document.file = upload
    document.full_clean(exclude=["worker", "organisation", "created_by", "file"])
    document.save()
    # Matching reads the passport's expiry and the certificates.
    Worker.objects.filter(pk=worker.pk).mark_match_features_stale()
    add_timeline_event(
        worker,
        actor,
        TimelineKind.DOCUMENT,
        message=TimelineMessage.DOCUMENT_ADDED,
        params={"type": choice(DocumentType, document.type), "number": document.number},
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=document,
        worker_id=worker.pk,
        changes={"type": [None, document.type], "number": [None, document.number]},
    )
    return document


@transaction.atomic
def add_family_member(*, actor: Actor, worker: Worker, details: dict[str, Any]) -> FamilyMember:
    require_permission_in(actor, Permission.CHANGE_WORKERS, worker.organisation)
    member = FamilyMember(
        worker=worker, organisation_id=actor.organisation_id or worker.organisation_id, **details
    )
    member.full_name = " ".join(member.full_name.split())
    member.full_clean(exclude=["worker", "organisation"])
    member.save()
    add_timeline_event(
        worker,
        actor,
        TimelineKind.FAMILY,
        message=TimelineMessage.FAMILY_ADDED,
        params={"relation": choice(Relation, member.relation)},
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=member,
        worker_id=worker.pk,
        changes={"relation": [None, member.relation], "full_name": [None, member.full_name]},
    )
    return member
