"""Background work for insights: rebuilding the summary tables the dashboards read.

On the schedule (`settings.JOB_SCHEDULE["insights_refresh"]`, nightly by default), or at once
with `corridor insights refresh`. Each run replaces the tables whole, so a second run changes
nothing the first did not.
"""

from django.tasks import task

from corridor.core.jobs import recorded_run, scheduled
from corridor.insights.refresh import refresh_summaries


@scheduled("insights_refresh")
@task()
def refresh_summary_tables() -> dict[str, int]:
    """Replace the summary tables in one transaction; returns the rows per table."""
    with recorded_run("insights_refresh") as run:
        rows = refresh_summaries().rows
        run.counts = dict(rows)
    return rows
