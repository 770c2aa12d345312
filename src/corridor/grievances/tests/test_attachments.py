"""Files with a complaint: checked by content and size before anything is saved, served only
to handlers who may see them, every download audited."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from corridor.accounts.roles import Role
from corridor.core.models import AuditAction, AuditEvent
from corridor.grievances.models import Complaint, ComplaintAttachment
from corridor.grievances.tests.factories import (
    PDF_BYTES,
    complaint,
    exe,
    handler,
    office_of,
    pdf,
    png,
    programme_office,
)

pytestmark = pytest.mark.django_db

URL = "/complaints/new/"


def form(**overrides):
    return {
        "complainant_relation": "worker",
        "category": "recruitment_fees",
        "description": "Агентство взяло 3 500 000 сумов без квитанции.",
        "confidentiality": "confidential",
        "complainant_name": "Жасур Эргашев",
        "complainant_contact": "@jasur_uz",
        **overrides,
    }


def stored_files(settings):
    root = settings.MEDIA_ROOT / "complaints"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_pdf_and_png_are_kept_with_their_checked_type_and_never_their_names(client, settings):
    programme_office()

    response = client.post(URL, form(attachments=[pdf("Ergashev_receipt.pdf"), png()]))

    assert response.status_code == 302
    attachments = list(Complaint.objects.get().attachments.order_by("content_type"))
    assert [a.content_type for a in attachments] == ["application/pdf", "image/png"]
    assert [a.size for a in attachments] == [len(PDF_BYTES), 72]
    assert all("Ergashev" not in (a.file.name or "") for a in attachments)
    assert len(stored_files(settings)) == 2


def test_a_file_of_the_wrong_type_is_refused_and_nothing_is_saved(client, settings):
    programme_office()

    response = client.post(URL, form(attachments=[pdf(), exe()]))

    assert response.status_code == 422
    assert "Upload a PDF, JPEG or PNG file." in response.content.decode()
    assert Complaint.objects.count() == 0
    assert ComplaintAttachment.objects.count() == 0
    assert AuditEvent.objects.count() == 0
    assert stored_files(settings) == []


def test_a_file_over_the_size_limit_is_refused(client, settings):
    programme_office()
    settings.DOCUMENT_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("scan.pdf", PDF_BYTES + b"0" * (1024 * 1024), "application/pdf")

    response = client.post(URL, form(attachments=[big]))

    assert response.status_code == 422
    assert "The file is larger than 1 MB." in response.content.decode()
    assert Complaint.objects.count() == 0


def test_more_than_five_files_are_refused(client):
    programme_office()

    response = client.post(URL, form(attachments=[png(f"{n}.png") for n in range(6)]))

    assert response.status_code == 422
    assert "Attach at most 5 files." in response.content.decode()
    assert Complaint.objects.count() == 0


def test_a_handler_downloads_an_attachment_and_the_download_is_audited(client):
    manager = handler()
    filed = complaint(office_of(manager), uploads=[pdf()])
    attachment = filed.attachments.get()
    client.force_login(manager)

    response = client.get(f"/complaints/{filed.pk}/attachments/{attachment.pk}/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    event = AuditEvent.objects.get(action=AuditAction.VIEW)
    assert (event.actor, event.object_id) == (manager, str(filed.pk))
    assert event.changes == {"part": f"attachment {attachment.pk}"}


def test_attachments_of_a_confidential_complaint_are_only_for_those_who_see_the_complainant(
    client,
):
    manager = handler()
    admin = handler(office_of(manager), role=Role.ADMIN)
    filed = complaint(office_of(manager), confidentiality="confidential", uploads=[png()])
    url = f"/complaints/{filed.pk}/attachments/{filed.attachments.get().pk}/"

    client.force_login(manager)
    hidden = client.get(url)
    page = client.get(f"/complaints/{filed.pk}/").content.decode()
    client.force_login(admin)
    shown = client.get(url)

    assert hidden.status_code == 404
    assert "1 file, shown only to those who may see who complained." in page
    assert shown.status_code == 200


def test_a_handler_of_another_office_gets_404_for_an_attachment(client):
    filed = complaint(programme_office(), uploads=[pdf()])
    stranger = handler()
    client.force_login(stranger)

    response = client.get(f"/complaints/{filed.pk}/attachments/{filed.attachments.get().pk}/")

    assert response.status_code == 404
    assert AuditEvent.objects.filter(action=AuditAction.VIEW).count() == 0


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.PARTNER, Role.EMPLOYER, Role.RECRUITER])
def test_other_roles_get_403_for_an_attachment(client, role):
    from corridor.accounts.tests.factories import member

    office = programme_office()
    filed = complaint(office, uploads=[pdf()])
    client.force_login(member(role, office))

    response = client.get(f"/complaints/{filed.pk}/attachments/{filed.attachments.get().pk}/")

    assert response.status_code == 403
