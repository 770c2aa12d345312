"""The insights demo runs over the main demo: summary tables built, dashboards answer."""

import pytest
from django.db.models import Sum

from corridor.accounts.models import Organisation, User
from corridor.demo.insights import load_insights
from corridor.demo.loader import ORGANISATIONS, USERS, load_demo
from corridor.insights.models import Snapshot, WorkerFact
from corridor.people.consent import may_process
from corridor.people.models import ConsentPurpose, Worker

pytestmark = pytest.mark.django_db


def test_demo_builds_the_summary_tables_and_the_donor_dashboard_answers(client):
    load_demo(workers=300)
    organisations = {
        spec["key"]: Organisation.objects.get(name=spec["name"]) for spec in ORGANISATIONS
    }
    users = {email: User.objects.get(email=email) for email, *_ in USERS}

    rows = load_insights(organisations, users)

    assert rows == sum(Snapshot.objects.latest().rows.values()) > 0
    everyone = WorkerFact.everyone.aggregate(n=Sum("workers"))["n"]
    consenting = WorkerFact.objects.aggregate(n=Sum("workers"))["n"]
    active = list(Worker.objects.active())
    assert everyone == len(active)
    assert consenting == sum(may_process(w, ConsentPurpose.STATISTICS) for w in active)
    assert 0 < consenting < everyone
    client.force_login(users["donor@demo.corridor"])
    response = client.get("/insights/")
    assert response.status_code == 200
    assert response.context["exact"] is False


def test_the_results_command_records_a_period_and_refuses_bad_input():
    import io

    import pytest
    from django.core.management import CommandError, call_command

    from corridor.programmes.models import Indicator, Result

    load_demo(workers=60)
    before = Result.objects.filter(source="computed").count()
    with_metric = Indicator.objects.exclude(metric="").count()
    out = io.StringIO()

    call_command("insights", "results", "--from", "2025-01-01", "--to", "2025-12-31", stdout=out)

    reported = [line for line in out.getvalue().splitlines() if "2025-01-01..2025-12-31" in line]
    recorded = sum(int(line.split(": ")[1].split()[0]) for line in reported)
    assert len(reported) == 4 and 0 < recorded <= with_metric
    assert Result.objects.filter(source="computed").count() == before + recorded
    # The same period again changes nothing: results are kept as recorded.
    call_command("insights", "results", "--from", "2025-01-01", "--to", "2025-12-31", stdout=out)
    assert Result.objects.filter(source="computed").count() == before + recorded
    with pytest.raises(CommandError, match="ends before"):
        call_command("insights", "results", "--from", "2026-02-01", "--to", "2026-01-01")
    with pytest.raises(CommandError, match="No programme"):
        call_command(
            "insights",
            "results",
            "--from",
            "2026-01-01",
            "--to",
            "2026-02-01",
            "--programme",
            "NOPE",
        )
