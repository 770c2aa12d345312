"""The schedule: every periodic job is on it under its crontab line from the settings, as
`corridor crontask` loads it, and every run leaves a JobRun."""

import datetime
from io import StringIO

import pytest
from crontask import scheduler
from crontask.management.commands.crontask import Command as CrontaskCommand

from corridor.core.jobs import recorded_run, trigger_for
from corridor.core.models import JobOutcome, JobRun

# Settings key -> the task the scheduler enqueues for it.
SCHEDULED_TASKS = {
    "referral_reminders": "remind_overdue_referrals",
    "complaint_reminders": "remind_overdue_complaints",
    "document_expiry": "warn_of_expiring_documents",
    "consent_expiry": "lapse_consents",
    "insights_refresh": "refresh_summary_tables",
    "stale_match_features": "refresh_stale_match_features",
    "retention": "apply_retention",
    "abandoned_tasks": "requeue_abandoned_tasks",
}


def scheduled_jobs():
    """What the scheduler holds once `corridor crontask` has loaded every app's tasks."""
    command = CrontaskCommand(stdout=StringIO())
    command.load_tasks({})
    return {job.name: job for job in scheduler.get_jobs()}


def test_every_periodic_job_is_on_the_schedule_as_the_settings_say(settings):
    jobs = scheduled_jobs()

    assert set(settings.JOB_SCHEDULE) == set(SCHEDULED_TASKS)
    for key, task_name in SCHEDULED_TASKS.items():
        assert str(jobs[task_name].trigger) == str(trigger_for(key))
    assert str(jobs["remind_overdue_referrals"].trigger) == (
        "cron[month='*', day='*', day_of_week='*', hour='*', minute='*']"
    )
    assert str(jobs["apply_retention"].trigger) == (
        "cron[month='*', day='*', day_of_week='*', hour='2', minute='45']"
    )


def test_a_schedule_line_is_read_from_the_environment(monkeypatch):
    import importlib

    import corridor.settings

    monkeypatch.setenv("CORRIDOR_SCHEDULE_INSIGHTS_REFRESH", "0 */6 * * *")
    try:
        reloaded = importlib.reload(corridor.settings)
        assert reloaded.JOB_SCHEDULE["insights_refresh"] == "0 */6 * * *"
        assert reloaded.JOB_SCHEDULE["retention"] == "45 2 * * *"
    finally:
        monkeypatch.delenv("CORRIDOR_SCHEDULE_INSIGHTS_REFRESH")
        importlib.reload(corridor.settings)


@pytest.mark.django_db
def test_a_run_is_recorded_with_its_counts():
    with recorded_run("insights_refresh") as run:
        run.counts = {"rows": 3}

    recorded = JobRun.objects.get()
    assert (recorded.job, recorded.outcome, recorded.counts, recorded.error) == (
        "insights_refresh",
        JobOutcome.SUCCEEDED,
        {"rows": 3},
        "",
    )
    assert recorded.finished_at is not None
    assert recorded.finished_at >= recorded.started_at


@pytest.mark.django_db
def test_a_failed_run_is_recorded_and_the_error_raised():
    with pytest.raises(ZeroDivisionError), recorded_run("retention"):
        1 / 0  # noqa: B018

    recorded = JobRun.objects.get()
    assert (recorded.job, recorded.outcome, recorded.error) == (
        "retention",
        JobOutcome.FAILED,
        "ZeroDivisionError",
    )
    assert recorded.finished_at is not None


def test_every_schedule_line_fires_at_least_daily(settings):
    start = datetime.datetime(2026, 12, 7, 0, 0, tzinfo=datetime.UTC)
    for key in settings.JOB_SCHEDULE:
        fire = trigger_for(key).get_next_fire_time(None, start)
        assert fire - start <= datetime.timedelta(days=1), key
