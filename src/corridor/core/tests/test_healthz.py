"""/healthz: no login, no personal data; 200 when the database answers, the task worker keeps
up and every scheduled job has run when due, 503 (with the reason) otherwise."""

import datetime

import pytest
import time_machine
from django.db import OperationalError
from django_tasks_db.models import DBTaskResult

from corridor.core import health
from corridor.core.models import JobOutcome, JobRun
from corridor.recruitment.tasks import refresh_stale_match_features

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 7, 12, 0, 30, tzinfo=datetime.UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def ran(job, minutes_ago, outcome=JobOutcome.SUCCEEDED):
    started = NOW - datetime.timedelta(minutes=minutes_ago)
    return JobRun.objects.create(
        job=job, started_at=started, finished_at=started + datetime.timedelta(seconds=2),
        outcome=outcome,
    )  # fmt: skip


def every_job_just_ran(settings, minutes_ago=0.2):
    for job in settings.JOB_SCHEDULE:
        ran(job, minutes_ago)


def test_healthy_answers_200_json_with_no_store_and_no_login(client, settings, frozen):
    every_job_just_ran(settings)

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    assert body["ok"] is True
    assert body["database"] == {"ok": True}
    assert body["tasks"] == {"ok": True, "ready": 0, "oldest_ready_seconds": None}
    assert set(body["jobs"]["runs"]) == set(settings.JOB_SCHEDULE)
    assert body["jobs"]["runs"]["referral_reminders"] == {
        "schedule": "* * * * *",
        "last_started_at": "2026-12-07T12:00:18+00:00",
        "last_outcome": "succeeded",
        "last_succeeded_at": "2026-12-07T12:00:20+00:00",
        "due_since": None,
        "overdue": False,
    }


def test_a_fresh_install_with_no_run_yet_is_healthy(client, frozen):
    body = client.get("/healthz").json()

    assert body["ok"] is True
    assert {run["overdue"] for run in body["jobs"]["runs"].values()} == {False}


def test_the_database_unreachable_answers_503(client, monkeypatch):
    class Unreachable:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(health, "connection", Unreachable())

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"database": {"ok": False}, "ok": False}
    assert response["Cache-Control"] == "no-store"


def test_too_many_ready_tasks_answers_503(client, settings, frozen):
    every_job_just_ran(settings)
    settings.HEALTH_MAX_READY_TASKS = 2
    for _ in range(3):
        refresh_stale_match_features.enqueue()

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["tasks"] == {"ok": False, "ready": 3, "oldest_ready_seconds": 0}
    assert response.json()["jobs"]["ok"] is True


def test_a_task_waiting_too_long_answers_503(client, settings, frozen):
    every_job_just_ran(settings)
    waiting = refresh_stale_match_features.enqueue()
    DBTaskResult.objects.filter(pk=waiting.id).update(
        enqueued_at=NOW - datetime.timedelta(seconds=601)
    )

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["tasks"] == {"ok": False, "ready": 1, "oldest_ready_seconds": 601}


def test_a_job_that_missed_its_firing_answers_503(client, settings, frozen):
    every_job_just_ran(settings)
    JobRun.objects.filter(job="referral_reminders").delete()
    ran("referral_reminders", 20)  # every minute, so due again at 11:41

    response = client.get("/healthz")

    assert response.status_code == 503
    runs = response.json()["jobs"]["runs"]
    assert runs["referral_reminders"]["overdue"] is True
    assert runs["referral_reminders"]["due_since"] == "2026-12-07T11:41:00+00:00"
    assert [job for job, run in runs.items() if run["overdue"]] == ["referral_reminders"]


def test_a_job_within_its_grace_is_not_overdue(client, settings, frozen):
    every_job_just_ran(settings)
    JobRun.objects.filter(job="referral_reminders").delete()
    ran("referral_reminders", 10)  # due since 11:51, within the 15 minutes allowed

    runs = client.get("/healthz").json()["jobs"]["runs"]

    assert runs["referral_reminders"]["due_since"] == "2026-12-07T11:51:00+00:00"
    assert runs["referral_reminders"]["overdue"] is False


def test_failed_runs_do_not_count_as_runs(client, settings, frozen):
    every_job_just_ran(settings)
    JobRun.objects.filter(job="complaint_reminders").delete()
    ran("complaint_reminders", 30)
    ran("complaint_reminders", 0.2, outcome=JobOutcome.FAILED)

    response = client.get("/healthz")

    assert response.status_code == 503
    run = response.json()["jobs"]["runs"]["complaint_reminders"]
    assert (run["last_outcome"], run["overdue"]) == ("failed", True)


def test_a_job_that_never_ran_while_the_schedule_did_answers_503(client, settings, frozen):
    every_job_just_ran(settings)
    JobRun.objects.filter(job="insights_refresh").delete()
    ran("referral_reminders", 60 * 24 * 2)  # the schedule has run for two days

    response = client.get("/healthz")

    assert response.status_code == 503
    run = response.json()["jobs"]["runs"]["insights_refresh"]
    assert (run["last_started_at"], run["overdue"]) == (None, True)
    assert run["due_since"] == "2026-12-06T01:30:00+00:00"
