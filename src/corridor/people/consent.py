"""The one answer to "may this be done with this worker's data for this purpose?".

Every feature that uses a worker's data for a purpose that needs consent calls `may_process`.
"""

from corridor.people.models import ConsentPurpose, ConsentRecord, Worker


def consent_in_force(worker: Worker) -> dict[str, bool]:
    """Purpose -> whether consent is given now (newest statement wins; none means no)."""
    latest = ConsentRecord.objects.filter(worker=worker).latest_per_purpose()
    return {purpose: purpose in latest and latest[purpose].is_given for purpose in ConsentPurpose}


def may_process(worker: Worker, purpose: ConsentPurpose | str) -> bool:
    """True only if the worker's newest statement for `purpose` gives consent."""
    latest = (
        ConsentRecord.objects.filter(worker=worker, purpose=purpose)
        .order_by("-recorded_at", "-id")
        .values_list("is_given", flat=True)
        .first()
    )
    return bool(latest)
