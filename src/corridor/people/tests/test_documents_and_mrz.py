import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from corridor.core.models import AuditAction, AuditEvent
from corridor.people.models import Document
from corridor.people.mrz import MRZError, check_digit, parse_passport_mrz
from corridor.people.tests.factories import (
    PDF_BYTES,
    SPECIMEN_MRZ,
    add_document,
    pdf_upload,
    register,
    snapshot,
)

FIRST, SECOND = SPECIMEN_MRZ.splitlines()


def test_check_digit_follows_icao_9303_weights():
    assert check_digit("L898902C3") == "6"
    assert check_digit("740812") == "2"
    assert check_digit("<<<<<<") == "0"


def test_icao_specimen_passes_and_is_parsed():
    mrz = parse_passport_mrz(SPECIMEN_MRZ)

    assert (mrz.document_number, mrz.issuing_state, mrz.nationality) == ("L898902C3", "UTO", "UTO")
    assert (mrz.family_name, mrz.given_names, mrz.sex) == ("ERIKSSON", "ANNA MARIA", "F")
    assert (mrz.birth_date, mrz.expiry()) == ("740812", datetime.date(2012, 4, 15))


def test_specimen_typed_in_lower_case_with_spaces_passes():
    typed = f"  {FIRST.lower()}\n {SECOND[:20]} {SECOND[20:]}  "

    assert parse_passport_mrz(typed).document_number == "L898902C3"


@pytest.mark.parametrize(
    ("position", "field"),
    [
        (9, "document number"),
        (19, "date of birth"),
        (27, "date of expiry"),
        (42, "personal number"),
        (43, "composite"),
    ],
)
def test_a_changed_check_digit_fails(position, field):
    digit = str((int(SECOND[position]) + 1) % 10)
    broken = SECOND[:position] + digit + SECOND[position + 1 :]

    with pytest.raises(MRZError, match=field):
        parse_passport_mrz(f"{FIRST}\n{broken}")


def test_a_changed_data_digit_fails():
    broken = SECOND.replace("740812", "740813")

    with pytest.raises(MRZError, match="date of birth"):
        parse_passport_mrz(f"{FIRST}\n{broken}")


@pytest.mark.parametrize(
    "text",
    [
        FIRST,
        f"{FIRST}\n{SECOND[:-1]}",
        f"I{FIRST[1:]}\n{SECOND}",
        f"{FIRST}\n{SECOND[:5]}Ж{SECOND[6:]}",
    ],
    ids=["one line", "short line", "not a passport", "cyrillic letter"],
)
def test_malformed_mrz_fails_with_mrz_error(text):
    with pytest.raises(MRZError):
        parse_passport_mrz(text)


@pytest.mark.django_db
def test_passport_with_the_specimen_mrz_is_verified_and_filled_in(caseworker):
    # The specimen's holder, so that the zone is the worker's own (see test_mrz_identity).
    worker = register(
        caseworker,
        family_name="Eriksson",
        given_name="Anna Maria",
        patronymic="",
        sex="F",
        birth_date=datetime.date(1974, 8, 12),
    )
    document = add_document(
        caseworker, worker, number="", issuing_country_id=None, mrz=SPECIMEN_MRZ.lower()
    )

    assert document.is_mrz_verified
    assert (document.number, document.number_normalised) == ("L898902C3", "L898902C3")
    assert document.expiry_date == datetime.date(2012, 4, 15)
    assert document.mrz == SPECIMEN_MRZ


@pytest.mark.django_db
def test_passport_number_that_differs_from_the_mrz_is_refused(caseworker, worker):
    with pytest.raises(ValidationError) as error:
        add_document(caseworker, worker, number="AB1234567", mrz=SPECIMEN_MRZ)

    assert list(error.value.message_dict) == ["number"]
    assert Document.objects.count() == 0


@pytest.mark.django_db
def test_mrz_on_a_document_other_than_a_passport_is_refused(caseworker, worker):
    with pytest.raises(ValidationError) as error:
        add_document(caseworker, worker, type="work_patent", number="", mrz=SPECIMEN_MRZ)

    assert list(error.value.message_dict) == ["mrz"]


@pytest.mark.django_db
def test_adding_a_document_writes_timeline_and_audit(caseworker, worker):
    document = add_document(caseworker, worker, number="aa 123-45")

    assert document.number_normalised == "AA12345"
    assert worker.timeline.filter(kind="document").count() == 1
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(document.pk))
    assert event.changes == {"type": [None, "passport"], "number": [None, "aa 123-45"]}


@pytest.mark.django_db
def test_caseworker_of_another_org_may_not_add_a_document(worker, outsider):
    with pytest.raises(PermissionDenied):
        add_document(outsider, worker)

    assert Document.objects.count() == 0


@pytest.mark.django_db
def test_documents_expiring_within_30_days_are_flagged(caseworker, worker):
    today = timezone.localdate()

    def expiring_in(days):
        return add_document(
            caseworker,
            worker,
            type="work_patent",
            number="",
            expiry_date=today + datetime.timedelta(days=days),
        )

    today_doc, soon, last_day = expiring_in(0), expiring_in(10), expiring_in(30)
    later, expired = expiring_in(31), expiring_in(-1)
    add_document(caseworker, worker, type="diploma", number="")

    assert set(Document.objects.expiring()) == {today_doc, soon, last_day}
    assert [soon.expires_soon(), later.expires_soon(), expired.expires_soon()] == [
        True,
        False,
        False,
    ]
    assert (expired.is_expired(), soon.is_expired()) == (True, False)
    assert set(Document.objects.expiring(within_days=31)) == {today_doc, soon, last_day, later}


@pytest.mark.django_db
def test_home_page_lists_expiring_documents_of_visible_workers_only(
    client, caseworker, worker, outsider
):
    soon = timezone.localdate() + datetime.timedelta(days=5)
    document = add_document(caseworker, worker, type="work_patent", number="", expiry_date=soon)
    client.force_login(caseworker)
    mine = list(client.get("/").context["expiring"])
    client.force_login(outsider)
    theirs = list(client.get("/").context["expiring"])

    assert (mine, theirs) == ([document], [])


def _page_post(client, worker, **fields):
    data = {"type": "passport", "number": "FA1234567", "issuing_country": "UZ", **fields}
    return client.post(f"/workers/{worker.pk}/documents/", data)


@pytest.mark.django_db
def test_page_upload_of_a_pdf_is_saved_and_downloadable_with_a_view_recorded(
    client, caseworker, worker
):
    client.force_login(caseworker)

    response = _page_post(client, worker, file=pdf_upload("Abdullayev passport.pdf"))

    assert response.status_code == 302
    document = Document.objects.get()
    assert document.file_content_type == "application/pdf"
    assert document.file.name is not None
    assert "Abdullayev" not in document.file.name
    download = client.get(f"/workers/{worker.pk}/documents/{document.pk}/file/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert (
        AuditEvent.objects.filter(
            action=AuditAction.VIEW,
            worker_id=worker.pk,
            changes__part=f"document file {document.pk}",
        ).count()
        == 1
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00", "application/pdf"),
        SimpleUploadedFile("notes.pdf", b"just some text, not a PDF", "application/pdf"),
        SimpleUploadedFile("empty.pdf", b"", "application/pdf"),
    ],
    ids=["exe", "text", "empty"],
)
def test_page_upload_of_the_wrong_type_answers_422_and_saves_nothing(
    client, caseworker, worker, upload
):
    client.force_login(caseworker)
    before = snapshot(worker)

    response = _page_post(client, worker, file=upload)

    assert response.status_code == 422
    assert response.context["document_form"].errors["file"]
    assert snapshot(worker) == before


@pytest.mark.django_db
def test_page_upload_over_the_size_limit_answers_422_and_saves_nothing(
    client, caseworker, worker, settings
):
    settings.DOCUMENT_MAX_BYTES = 1024 * 1024
    client.force_login(caseworker)
    before = snapshot(worker)

    response = _page_post(client, worker, file=pdf_upload(content=PDF_BYTES + b"0" * 1024 * 1024))

    assert response.status_code == 422
    assert response.context["document_form"].errors["file"]
    assert snapshot(worker) == before
    stored = settings.MEDIA_ROOT / "documents"
    assert not stored.exists() or list(stored.rglob("*.pdf")) == []


@pytest.mark.django_db
def test_page_form_with_invalid_mrz_answers_422_and_saves_nothing(client, caseworker, worker):
    client.force_login(caseworker)
    before = snapshot(worker)

    response = _page_post(client, worker, number="", mrz=SPECIMEN_MRZ.replace("C36", "C37"))

    assert response.status_code == 422
    assert response.context["document_form"].errors["mrz"]
    assert snapshot(worker) == before


@pytest.mark.django_db
def test_file_download_of_a_document_without_file_answers_404(client, caseworker, worker):
    document = add_document(caseworker, worker)
    client.force_login(caseworker)

    assert client.get(f"/workers/{worker.pk}/documents/{document.pk}/file/").status_code == 404
