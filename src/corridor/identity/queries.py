"""Reads for the duplicate review, shared by its pages and the API: the queue of likely
duplicates, one pair to decide and one merge to undo."""

import uuid

from corridor.accounts.models import User
from corridor.core.scoping import get_for_user_or_404
from corridor.identity.models import DuplicatePair, DuplicatePairQuerySet, Merge


def review_queue(user: User) -> DuplicatePairQuerySet:
    """Open pairs of likely duplicates the user may decide (both records are ones they change),
    most likely first, with both workers and their organisations."""
    return (
        DuplicatePair.objects.for_user(user)
        .open()
        .select_related("worker_a__organisation", "worker_b__organisation")
    )


def pair_or_404(user: User, pair_id: uuid.UUID) -> DuplicatePair:
    """One pair the user may decide, with both workers and their organisations; 404 for any
    other."""
    return get_for_user_or_404(
        DuplicatePair.objects.select_related("worker_a__organisation", "worker_b__organisation"),
        user,
        pk=pair_id,
    )


def merge_or_404(user: User, merge_id: uuid.UUID) -> Merge:
    """One merge the user may undo (both records are ones they change); 404 for any other."""
    return get_for_user_or_404(Merge.objects.select_related("kept", "merged"), user, pk=merge_id)
