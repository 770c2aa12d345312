"""Demo data for insights: build the summary tables over whatever the demo has loaded, and
record the computed indicators of the demo programmes for the current year.

Meant to be called last by `corridor.demo.loader.load_demo` (after every other app's loader).
"""

import datetime

from django.utils import timezone

from corridor.accounts.models import Organisation, User
from corridor.insights.metrics import compute_indicator_results
from corridor.insights.refresh import refresh_summaries


def load_insights(organisations: dict[str, Organisation], users: dict[str, User]) -> int:
    """Refresh the summary tables and compute this year's indicator results; returns the
    number of summary rows built."""
    snapshot = refresh_summaries()
    try:
        from corridor.programmes.models import Programme
    except ImportError:
        return sum(snapshot.rows.values())
    today = timezone.localdate()
    year_start = datetime.date(today.year, 1, 1)
    for programme in Programme.objects.filter(indicators__metric__gt="").distinct():
        compute_indicator_results(programme, year_start, today)
    return sum(snapshot.rows.values())
