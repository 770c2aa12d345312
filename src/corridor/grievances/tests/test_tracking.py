"""The tracking page: whoever holds the code sees the status, its dates and the messages to the
complainant, nothing else."""

import pytest

from corridor.grievances import services
from corridor.grievances.models import TRACKING_ALPHABET, new_tracking_code
from corridor.grievances.tests.factories import (
    PHONE,
    WIFE,
    complaint,
    employer,
    handler,
    handler_actor,
    office_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def handled():
    """A complaint against an employer, in review, with a message to the complainant and an
    internal note."""
    manager = handler()
    filed = complaint(
        office_of(manager),
        against=office_of(employer("ООО «ЛогистикЦентр Подмосковье»")),
        description="Склад в Чехове, бригадир Петров, зарплата за март.",
    )
    actor = handler_actor(manager)
    services.assign_complaint(actor=actor, complaint=filed, handler=manager)
    services.change_status(
        actor=actor,
        complaint=filed,
        status="in_review",
        reason="Payslips requested from the employer",
        message="We asked the employer for the March payslips.",
    )
    services.post_message(
        actor=actor, complaint=filed, text="Employer's HR is stalling.", to_complainant=False
    )
    return filed, manager


def test_the_tracking_page_shows_only_status_dates_and_messages_to_the_complainant(client, handled):
    filed, manager = handled

    response = client.get(f"/complaints/track/{filed.tracking_code}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "in review" in html
    assert "We asked the employer for the March payslips." in html
    assert filed.created_at.strftime("%m/%d/%Y") in html
    for secret in (
        WIFE,
        PHONE,
        "ЛогистикЦентр",
        "Склад в Чехове",
        "Employer's HR is stalling.",
        "Payslips requested from the employer",
        manager.email,
        str(manager),
    ):
        assert secret not in html, secret


def test_a_code_is_found_however_it_is_typed(client, handled):
    filed, _ = handled
    typed = f" {filed.tracking_code[:5].lower()}-{filed.tracking_code[5:]} "

    response = client.get("/complaints/track/", {"code": typed})

    assert response.status_code == 302
    assert response["Location"] == f"/complaints/track/{filed.tracking_code}/"


def test_an_unknown_code_is_404(client, handled):
    response = client.get("/complaints/track/ABCDEFGHJK/")

    assert response.status_code == 404


def test_the_31st_lookup_in_an_hour_gets_429(client, handled):
    filed, _ = handled
    answers = [client.get(f"/complaints/track/XXXXX{n:05d}/").status_code for n in range(30)]

    response = client.get(f"/complaints/track/{filed.tracking_code}/")

    assert set(answers) == {404}
    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()


def test_tracking_codes_are_ten_unambiguous_random_characters():
    codes = {new_tracking_code() for _ in range(200)}

    assert len(codes) == 200
    assert all(len(code) == 10 for code in codes)
    assert set("".join(codes)) <= set(TRACKING_ALPHABET)
    assert not set("0O1IL") & set(TRACKING_ALPHABET)
