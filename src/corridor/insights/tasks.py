"""Background work for insights: rebuilding the summary tables the dashboards read.

Run it from the deployment's scheduler (`corridor insights refresh --enqueue`, then the task
worker), e.g. nightly, or at once with `corridor insights refresh`.
"""

from django.tasks import task

from corridor.insights.refresh import refresh_summaries


@task()
def refresh_summary_tables() -> dict[str, int]:
    """Replace the summary tables in one transaction; returns the rows per table."""
    return refresh_summaries().rows
