"""Background work for recruitment: recomputing the matching features marked stale.

Rankings recompute the stale workers they may rank, so this only keeps that work small: run
it from the deployment's scheduler (`corridor matching refresh-stale --enqueue`, then the task
worker), e.g. every few minutes, or at once with `corridor matching refresh-stale`.
"""

from django.tasks import task

from corridor.recruitment.features import refresh_stale


@task()
def refresh_stale_match_features() -> int:
    """Recompute every worker marked stale; returns how many were recomputed."""
    return refresh_stale()
