"""Background work for recruitment: recomputing the matching features marked stale.

Rankings recompute the stale workers they may rank, so this only keeps that work small: on the
schedule (`settings.JOB_SCHEDULE["stale_match_features"]`, every five minutes by default), or
at once with `corridor matching refresh-stale`. A worker recomputed is no longer stale, so a
second run does nothing.
"""

from django.tasks import task

from corridor.core.jobs import recorded_run, scheduled
from corridor.recruitment.features import refresh_stale


@scheduled("stale_match_features")
@task()
def refresh_stale_match_features() -> int:
    """Recompute every worker marked stale; returns how many were recomputed."""
    with recorded_run("stale_match_features") as run:
        count = refresh_stale()
        run.counts = {"recomputed": count}
    return count
