"""Programme offices, handlers and complaints through the real services."""

from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile

from corridor.accounts.models import Organisation, OrganisationType
from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import OrganisationFactory, member
from corridor.core.audit import Actor
from corridor.grievances import services
from corridor.grievances.models import Channel, Complaint
from corridor.people.tests.factories import PDF_BYTES

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64

WIFE = "Гулнора Саидова"
PHONE = "+998901234567"


def programme_office(name="Corridor Programme Office", **fields) -> Organisation:
    return OrganisationFactory.create(
        type=OrganisationType.PROGRAMME_OFFICE, country="RU", name=name, **fields
    )


def handler(office=None, role=Role.MANAGER):
    """A programme manager of `office` (a new programme office if none): handles complaints,
    does not see confidential complainants. With role=Role.ADMIN: sees them too."""
    return member(role, office or programme_office())


def office_of(user) -> Organisation:
    return user.active_memberships[0].organisation


def employer(name="ООО «СтройИнвест»"):
    organisation = OrganisationFactory.create(
        type=OrganisationType.EMPLOYER, country="RU", name=name
    )
    return member(Role.EMPLOYER, organisation)


def public_actor() -> Actor:
    return Actor(user=AnonymousUser(), ip_address="203.0.113.9", channel="public")


def pdf(name="receipt.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def png(name="photo.png"):
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


def exe(name="photo.jpg"):
    # Named and typed as a photo by the sender; the content says otherwise.
    return SimpleUploadedFile(name, EXE_BYTES, content_type="image/jpeg")


def complaint(
    office: Organisation,
    *,
    actor=None,
    channel=Channel.PUBLIC_FORM,
    category="unpaid_wages",
    description="Два месяца не платят зарплату.",
    confidentiality="normal",
    against=None,
    against_name="",
    relation="family",
    name=WIFE,
    contact=PHONE,
    worker=None,
    uploads=(),
) -> Complaint:
    return services.file_complaint(
        actor=actor or public_actor(),
        channel=channel,
        details=services.ComplaintDetails(
            category=category,
            description=description,
            confidentiality=confidentiality,
            against=against,
            against_name=against_name,
        ),
        complainant=services.Complainant(
            relation=relation, name=name, contact=contact, worker=worker
        ),
        uploads=uploads,
        handling_organisation=office,
    )


def handler_actor(user, office=None) -> Actor:
    return Actor(user=user, organisation_id=(office or office_of(user)).pk)
