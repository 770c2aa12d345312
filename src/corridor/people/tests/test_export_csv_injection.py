"""The worker export is opened in spreadsheets: a name or phone that starts like a formula is
written as text."""

import csv
import io

import pytest

from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import member
from corridor.people.models import Worker
from corridor.people.tests.factories import register

pytestmark = pytest.mark.django_db


def test_cells_that_start_like_formulas_are_escaped_in_the_worker_export(client):
    admin = member(Role.ADMIN)
    worker = register(admin, family_name='=HYPERLINK("http://example.invalid","x")',
                      given_name="@SUM(A1)", patronymic="-1")  # fmt: skip
    Worker.objects.filter(pk=worker.pk).update(phone="+998901234567")
    client.force_login(admin)

    response = client.get("/workers/export.csv")

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, row = rows
    cells = dict(zip(header, row, strict=True))
    assert (cells["family_name"], cells["given_name"], cells["patronymic"], cells["phone"]) == (
        '\'=HYPERLINK("http://example.invalid","x")', "'@SUM(A1)", "'-1", "'+998901234567",
    )  # fmt: skip
    assert cells["reference"] == worker.reference
