"""The one answer to "may this be done with this worker's data for this purpose?".

Every feature that uses a worker's data for a purpose that needs consent calls `may_process`.
"""

from datetime import date

from django.utils import timezone

from corridor.people.models import ConsentPurpose, ConsentRecord, Worker


def _in_force(is_given: bool, valid_until: date | None, today: date) -> bool:
    # Consent given until a day holds through that day; the schedule records the lapse after
    # it (`people.expiry`), and until it has, the end date alone already counts.
    return is_given and (valid_until is None or valid_until >= today)


def consent_in_force(worker: Worker) -> dict[str, bool]:
    """Purpose -> whether consent is given now (newest statement wins; none means no)."""
    latest = ConsentRecord.objects.filter(worker=worker).latest_per_purpose()
    today = timezone.localdate()
    return {
        purpose: purpose in latest
        and _in_force(latest[purpose].is_given, latest[purpose].valid_until, today)
        for purpose in ConsentPurpose
    }


def may_process(worker: Worker, purpose: ConsentPurpose | str) -> bool:
    """True only if the worker's newest statement for `purpose` gives consent, in force."""
    latest = (
        ConsentRecord.objects.filter(worker=worker, purpose=purpose)
        .order_by("-recorded_at", "-id")
        .values_list("is_given", "valid_until")
        .first()
    )
    return latest is not None and _in_force(*latest, timezone.localdate())
