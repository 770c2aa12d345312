"""The insights demo runs over the main demo: summary tables built, dashboards answer."""

import pytest
from django.db.models import Sum

from corridor.accounts.models import Organisation, User
from corridor.demo.insights import load_insights
from corridor.demo.loader import ORGANISATIONS, USERS, load_demo
from corridor.insights.models import Snapshot, WorkerFact
from corridor.people.models import Worker

pytestmark = pytest.mark.django_db


def test_demo_builds_the_summary_tables_and_the_donor_dashboard_answers(client):
    load_demo(workers=300)
    organisations = {
        spec["key"]: Organisation.objects.get(name=spec["name"]) for spec in ORGANISATIONS
    }
    users = {email: User.objects.get(email=email) for email, *_ in USERS}

    rows = load_insights(organisations, users)

    assert rows == sum(Snapshot.objects.latest().rows.values()) > 0
    total = WorkerFact.objects.aggregate(n=Sum("workers"))["n"]
    assert total == Worker.objects.active().count()
    client.force_login(users["donor@demo.corridor"])
    response = client.get("/insights/")
    assert response.status_code == 200
    assert response.context["exact"] is False
