"""The registration check for duplicates, merging two records of one person, undoing it, and
marking pairs as different people."""

import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.accounts.models import User
from corridor.accounts.roles import Permission
from corridor.core import audit
from corridor.core.audit import Actor
from corridor.core.models import ORGANISATION_OWNED_MODELS, AuditAction
from corridor.identity.duplicates import DuplicateReport, likely_duplicates, record_from_details
from corridor.identity.models import DuplicatePair, Merge, PairStatus
from corridor.identity.records import linkage_columns
from corridor.people.models import (
    AccessGrant,
    ConsentRecord,
    Document,
    FamilyMember,
    TimelineEvent,
    TimelineKind,
    Worker,
    WorkerNameKey,
)
from corridor.people.services import add_timeline_event
from corridor.people.timeline import TimelineMessage

# "Is this person registered?" answers for the whole registry, so it is bounded: enough for a
# caseworker registering all day (the form checks on each change), far too few to sweep it.
DUPLICATE_CHECKS_PER_WINDOW = 60
DUPLICATE_CHECK_WINDOW_SECONDS = 600
FINGERPRINTED = ("family_key", "given_key", "birth_date", "phone")


def may_check_for_duplicates(user: User) -> bool:
    """Only those who register people may ask whether someone is already registered."""
    return bool(user.is_authenticated and user.has_any_perm(Permission.REGISTER_WORKERS))


def duplicate_check_fingerprint(details: dict[str, Any]) -> str:
    """A keyed hash of whom a check looked for (name keys, birth date, phone).

    The audit entry keeps this instead of the details: the same person looked for again and
    again shows, in any script, without the log holding who it was.
    """
    columns = linkage_columns(record_from_details(details))
    text = "|".join(str(columns[name] or "") for name in FINGERPRINTED)
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, b"duplicate-check|" + text.encode(), hashlib.sha256).hexdigest()[:32]


@transaction.atomic
def check_for_duplicates(
    *, actor: Actor, details: dict[str, Any], exclude_id: Any = None
) -> DuplicateReport:
    """Likely duplicates of the person in `details`, for someone registering people.

    Each check that looked for someone writes one audit entry: which fields were given, how
    many were found, and a fingerprint of whom (never the names, date or phone themselves).
    """
    if not may_check_for_duplicates(actor.user):
        raise PermissionDenied(_("You may not check whether someone is registered."))
    report = likely_duplicates(actor.user, details, exclude_id=exclude_id)
    columns = linkage_columns(record_from_details(details))
    if columns["family_key"] or columns["given_key"] or columns["phone"]:
        audit.record(
            actor=actor,
            action=AuditAction.VIEW,
            changes={
                "part": "duplicate check",
                "fields": sorted(name for name, value in details.items() if value),
                "visible": len(report.visible),
                "elsewhere": report.elsewhere,
                "subject": duplicate_check_fingerprint(details),
            },
        )
    return report


# What follows a person from the merged record to the kept one. Languages and occupations
# stay: the kept record's own are what the caseworker confirmed.
BASE_MOVED_MODELS = (Document, FamilyMember, ConsentRecord, TimelineEvent, AccessGrant)


def moved_models() -> tuple[type[Any], ...]:
    """What a merge moves: the people rows above, and rows of other apps (applications,
    contracts, payments) whose model says `moves_with_worker = True`; identity does not import
    those apps, it finds them in the registry of organisation-owned models."""
    others = tuple(
        model
        for model in ORGANISATION_OWNED_MODELS
        if getattr(model, "moves_with_worker", False) and model not in BASE_MOVED_MODELS
    )
    return BASE_MOVED_MODELS + others


def _require_change(actor: Actor, *workers: Worker) -> None:
    for worker in workers:
        if not actor.user.has_perm_in(Permission.CHANGE_WORKERS, worker.organisation_id):
            raise PermissionDenied(_("You may change only records of your own organisation."))


@transaction.atomic
def merge_workers(
    *, actor: Actor, kept: Worker, merged: Worker, pair: DuplicatePair | None = None
) -> Merge:
    """Merge `merged` into `kept`: its documents, family, consent, timeline and sharing move;
    its name spellings become searchable on `kept`; it stays, marked, so the merge can be undone."""
    kept, merged = (Worker.objects.select_for_update().get(pk=w.pk) for w in (kept, merged))
    _require_change(actor, kept, merged)
    if kept.pk == merged.pk:
        raise ValidationError(_("A record cannot be merged into itself."))
    if kept.merged_into_id or merged.merged_into_id:
        raise ValidationError(_("One of these records has already been merged."))
    moved: dict[str, list[str]] = {}
    for model in moved_models():
        rows = model.objects.filter(worker=merged)
        moved[model._meta.label_lower] = [str(pk) for pk in rows.values_list("pk", flat=True)]
        try:
            with transaction.atomic():
                rows.update(worker=kept)
        except IntegrityError:
            raise ValidationError(
                _(
                    "Both records hold the same %(what)s (e.g. an application for one vacancy): "
                    "end one of them before merging."
                )
                % {"what": model._meta.verbose_name}
            ) from None
    existing = set(WorkerNameKey.objects.filter(worker=kept).values_list("key", flat=True))
    added = [
        WorkerNameKey(worker=kept, key=key)
        for key in WorkerNameKey.objects.filter(worker=merged).values_list("key", flat=True)
        if key not in existing
    ]
    WorkerNameKey.objects.bulk_create(added)
    moved["people.workernamekey"] = [str(row.pk) for row in added]
    merged.merged_into = kept
    merged.save(update_fields=["merged_into", "updated_at"])
    # The kept record gained documents and consent; the merged one leaves matching.
    Worker.objects.filter(pk__in=[kept.pk, merged.pk]).mark_match_features_stale()
    merge = Merge.objects.create(
        organisation=kept.organisation,
        kept=kept,
        merged=merged,
        pair=pair,
        moved=moved,
        merged_by=actor.user,
    )
    if pair is not None:
        pair.mark_reviewed(PairStatus.MERGED, actor.user)
    params = {"merged": merged.reference, "kept": kept.reference}
    for worker in (kept, merged):
        add_timeline_event(
            worker, actor, TimelineKind.NOTE, message=TimelineMessage.RECORDS_MERGED, params=params
        )
        audit.record(
            actor=actor,
            action=AuditAction.MERGE,
            obj=merge,
            worker_id=worker.pk,
            changes={
                "kept": [None, kept.reference],
                "merged": [None, merged.reference],
                "moved": [None, {k: len(v) for k, v in moved.items()}],
            },
        )
    return merge


@transaction.atomic
def undo_merge(*, actor: Actor, merge: Merge) -> Merge:
    """Move back what the merge moved (rows added to the kept record since stay there)."""
    merge = Merge.objects.select_for_update().select_related("kept", "merged").get(pk=merge.pk)
    _require_change(actor, merge.kept, merge.merged)
    if merge.undone_at is not None:
        raise ValidationError(_("This merge has already been undone."))
    for model in moved_models():
        ids = merge.moved.get(model._meta.label_lower, [])
        model.objects.filter(pk__in=ids, worker=merge.kept).update(worker=merge.merged)
    WorkerNameKey.objects.filter(pk__in=merge.moved.get("people.workernamekey", [])).delete()
    merge.merged.merged_into = None
    merge.merged.save(update_fields=["merged_into", "updated_at"])
    # Both records' documents and consent changed hands again: both are recomputed.
    Worker.objects.filter(pk__in=[merge.kept_id, merge.merged_id]).mark_match_features_stale()
    merge.undone_at = timezone.now()
    merge.undone_by = actor.user
    merge.save(update_fields=["undone_at", "undone_by"])
    if merge.pair_id:
        DuplicatePair.objects.filter(pk=merge.pair_id).update(
            status=PairStatus.OPEN, reviewed_by=None, reviewed_at=None
        )
    params = {"merged": merge.merged.reference, "kept": merge.kept.reference}
    for worker in (merge.kept, merge.merged):
        add_timeline_event(
            worker, actor, TimelineKind.NOTE, message=TimelineMessage.MERGE_UNDONE, params=params
        )
        audit.record(actor=actor, action=AuditAction.UNMERGE, obj=merge, worker_id=worker.pk)
    return merge


@transaction.atomic
def mark_not_same(*, actor: Actor, pair: DuplicatePair) -> DuplicatePair:
    """A person decided these are two people; the pair leaves the queue and is not proposed again."""
    _require_change(actor, pair.worker_a, pair.worker_b)
    if pair.status != PairStatus.OPEN:
        raise ValidationError(_("This pair has already been reviewed."))
    pair.mark_reviewed(PairStatus.NOT_SAME, actor.user)
    for worker_id in (pair.worker_a_id, pair.worker_b_id):
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=pair,
            worker_id=worker_id,
            changes={"status": [PairStatus.OPEN, PairStatus.NOT_SAME]},
        )
    return pair


def merge_from_pair(*, actor: Actor, pair: DuplicatePair, keep: Any) -> Merge:
    """Merge the pair, keeping the record whose id is `keep` (one of the two)."""
    if pair.status != PairStatus.OPEN:
        raise ValidationError(_("This pair has already been reviewed."))
    if str(keep) == str(pair.worker_a_id):
        return merge_workers(actor=actor, kept=pair.worker_a, merged=pair.worker_b, pair=pair)
    if str(keep) == str(pair.worker_b_id):
        return merge_workers(actor=actor, kept=pair.worker_b, merged=pair.worker_a, pair=pair)
    raise ValidationError({"keep": [_("Choose one of the two records to keep.")]})
