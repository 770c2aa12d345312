import io

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import OrganisationFactory, member
from corridor.insights import exports
from corridor.insights.refresh import refresh_summaries
from corridor.insights.tests import dataset

pytestmark = pytest.mark.django_db


@pytest.fixture
def known():
    data = dataset.build()
    refresh_summaries()
    return data


def donor():
    return member(Role.DONOR, OrganisationFactory.create(name="Donor agency", country="GB"))


def manager_of(data):
    return member(Role.MANAGER, data.centre)


def table(response, key):
    return next(t for t in response.context["tables"] if t["section"].key == key)


def test_staff_see_exact_counts_on_the_dashboard(client, known):
    client.force_login(manager_of(known))

    response = client.get("/insights/")

    assert response.status_code == 200
    assert table(response, "complaints")["rows"][0][1:] == ["3", "1"]
    trends = table(response, "trends")["rows"]
    assert [row[:2] for row in trends] == [["2026-01", "3"], ["2026-02", "7"], ["2026-03", "1"]]
    assert table(response, "funnel")["rows"][0][1] == "11"
    page = response.content.decode()
    # Charts: the vendored Chart.js and a static script reading the json_script, no inline JS.
    assert "vendor/chart-4.6.1.umd.min.js" in page and "insights/dashboard.js" in page
    assert 'id="insights-data" type="application/json"' in page


def test_donor_sees_small_counts_suppressed_and_the_rest_rounded(client, known):
    client.force_login(donor())

    response = client.get("/insights/")

    assert response.status_code == 200
    assert table(response, "complaints")["rows"][0][1:] == ["<5", "<5"]
    trends = table(response, "trends")["rows"]
    assert [row[:2] for row in trends] == [["2026-01", "<5"], ["2026-02", "5"], ["2026-03", "<5"]]
    assert table(response, "funnel")["rows"][0][1] == "10"  # 11 rounded to the nearest 5
    assert "&lt;5" in response.content.decode()
    # Averages over two contracts would be one or two workers' wages: not shown.
    assert table(response, "wages")["rows"][0][2:] == ["-", "-"]


def test_caseworker_of_one_centre_sees_aggregates_and_no_person(client, known):
    other_centre = member(
        Role.CASEWORKER, OrganisationFactory.create(name="Khujand centre", country="TJ")
    )
    client.force_login(other_centre)

    response = client.get("/insights/")

    page = response.content.decode()
    assert response.status_code == 200
    for worker in known.workers:
        assert worker.reference not in page
        assert worker.family_name not in page
        assert str(worker.pk) not in page


def test_user_without_aggregates_gets_403_and_visitor_is_sent_to_log_in(client, known):
    employer = member(Role.EMPLOYER, OrganisationFactory.create(name="ООО Тест", country="RU"))
    client.force_login(employer)
    assert client.get("/insights/").status_code == 403
    assert client.get("/insights/tables/trends.csv").status_code == 403
    client.logout()
    assert client.get("/insights/").status_code == 302


def test_a_period_ending_before_it_starts_is_refused_with_422(client, known):
    client.force_login(manager_of(known))

    response = client.get("/insights/", {"start": "2026-03", "end": "2026-01"})

    assert response.status_code == 422
    assert "ends before it starts" in response.content.decode()


def test_filters_narrow_the_figures(client, known):
    client.force_login(manager_of(known))

    response = client.get("/insights/", {"start": "2026-02", "end": "2026-02", "sex": "M"})

    assert table(response, "funnel")["rows"][0][1] == "7"
    assert [row[:2] for row in table(response, "trends")["rows"]] == [["2026-02", "7"]]


def test_csv_export_is_exact_for_staff_and_suppressed_for_donors(client, known):
    client.force_login(manager_of(known))
    staff_csv = client.get("/insights/tables/trends.csv").content.decode("utf-8-sig")
    client.force_login(donor())
    donor_csv = client.get("/insights/tables/trends.csv").content.decode("utf-8-sig")

    assert staff_csv.splitlines()[1].startswith("2026-01,3,")
    assert donor_csv.splitlines()[1].startswith("2026-01,<5,")


def test_xlsx_export_is_suppressed_for_donors(client, known):
    client.force_login(donor())

    response = client.get("/insights/tables/complaints.xlsx")

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert isinstance(sheet, Worksheet)
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][1:] == ("<5", "<5")
    assert rows[2][0] == "total"


def test_workbook_holds_every_table(client, known):
    client.force_login(manager_of(known))

    response = client.get("/insights/dashboard.xlsx")

    workbook = load_workbook(io.BytesIO(response.content))
    assert "trends" in workbook.sheetnames and "funnel" in workbook.sheetnames
    assert workbook["trends"].cell(row=2, column=2).value == 3


def test_pdf_report_is_a_pdf_and_suppressed_for_donors(client, known, monkeypatch):
    client.force_login(donor())
    rendered = []
    original = exports.render_to_string

    def keep(template, context):
        html = original(template, context)
        rendered.append(html)
        return html

    monkeypatch.setattr(exports, "render_to_string", keep)

    response = client.get("/insights/report.pdf")

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert "<td>&lt;5</td>" in rendered[0]
    assert "<td>3</td>" not in rendered[0]


def test_the_dashboard_reads_only_the_summary_tables_in_a_fixed_number_of_queries(
    client, known, django_assert_num_queries
):
    client.force_login(donor())
    client.get("/insights/")  # the session and the user's memberships warm up

    with django_assert_num_queries(29) as queries:
        response = client.get("/insights/", {"citizenship": "UZ"})

    assert response.status_code == 200
    assert not [q["sql"] for q in queries.captured_queries if '"people_' in q["sql"]]
