"""The certificate PDF: scoped download, the verify URL in a QR code and in print."""

import re
import zlib
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from weasyprint.formatting_structure.boxes import TextBox

from corridor.accounts.tests.factories import member
from corridor.core.models import AuditAction, AuditEvent
from corridor.training.certificate_pdf import certificate_document, qr_svg
from corridor.training.tests.factories import certified, provider_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider():
    return provider_user()


@pytest.fixture
def caseworker():
    return member()


@pytest.fixture
def certificate(provider, caseworker):
    return certified(provider, caseworker)


def _box_texts(box: Any) -> Iterator[str]:
    if isinstance(box, TextBox):
        yield box.text
    for child in getattr(box, "children", ()):
        yield from _box_texts(child)


def page_text(certificate, url) -> str:
    document = certificate_document(certificate, url)
    assert len(document.pages) == 1
    return "".join("".join(_box_texts(page._page_box)) for page in document.pages)


def pdf_objects(pdf: bytes) -> bytes:
    """The PDF with its compressed streams inflated (WeasyPrint packs link annotations into
    object streams)."""
    parts = [pdf]
    # The end-of-line before `endstream` is left to the decompressor as unused data: a
    # compressed stream may itself end in a carriage return, which a pattern would cut off.
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.DOTALL):
        try:
            parts.append(zlib.decompressobj().decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


def download(user, certificate):
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client.get(f"/training/certificates/{certificate.pk}/pdf/")


@pytest.mark.parametrize("who", ["provider", "caseworker"])
def test_the_pdf_downloads_for_the_provider_and_the_workers_centre(request, certificate, who):
    response = download(request.getfixturevalue(who), certificate)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    url = f"http://testserver/verify/{certificate.code}/"
    assert url.encode() in pdf_objects(response.content)  # the printed link's target
    assert AuditEvent.objects.filter(
        worker_id=certificate.worker_id, action=AuditAction.VIEW, changes__part="certificate"
    ).exists()


def test_the_pdf_prints_the_holder_the_course_and_the_verify_address(certificate):
    url = f"https://corridor.example.org/verify/{certificate.code}/"

    text = "".join(page_text(certificate, url).split())

    assert "".join(certificate.worker.full_name.split()) in text
    assert "".join(certificate.enrolment.cohort.course.title.split()) in text
    assert url in text


def test_the_qr_code_is_svg_of_the_address():
    svg = qr_svg("https://corridor.example.org/verify/ABCDEFGHJKMN/")

    assert svg.startswith("<svg")
    assert 'class="qr"' in svg
    assert "<path" in svg


@pytest.mark.parametrize("who", ["other provider", "other centre"])
def test_others_get_404_for_the_pdf_and_no_audit_entry(certificate, who):
    outsider = provider_user(name="Other provider") if who == "other provider" else member()
    views_before = AuditEvent.objects.filter(action=AuditAction.VIEW).count()

    response = download(outsider, certificate)

    assert response.status_code == 404
    assert AuditEvent.objects.filter(action=AuditAction.VIEW).count() == views_before
