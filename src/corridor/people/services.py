"""Workflows that change the worker registry. Each runs in one transaction with its audit entry."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.accounts.models import Organisation, OrganisationType
from corridor.accounts.permissions import require_permission_in
from corridor.accounts.roles import Permission
from corridor.core import audit
from corridor.core.audit import Actor
from corridor.core.bounds import check_day
from corridor.core.models import AuditAction
from corridor.people import stage_rules
from corridor.people.consent import may_process
from corridor.people.models import (
    AccessGrant,
    ConsentMethod,
    ConsentPurpose,
    ConsentRecord,
    GrantPurpose,
    TimelineEvent,
    TimelineKind,
    Worker,
    WorkerLanguage,
    WorkerOccupation,
)
from corridor.people.naming import apply_name_forms, replace_name_keys
from corridor.people.phones import normalise_phone
from corridor.people.references import allocate_references
from corridor.people.stages import Stage
from corridor.people.timeline import (
    TimelineMessage,
    check_params,
    choice,
    choices,
    day,
    model_fields,
)
from corridor.reference.models import IscoGroup

# The fields a caseworker (or the API) types in; everything else on Worker is derived.
WORKER_FIELDS = (
    "family_name",
    "given_name",
    "patronymic",
    "sex",
    "birth_date",
    "citizenship",
    "home_region",
    "phone",
    "messenger_handle",
    "education_level",
    "skills",
)
# The fields a passport's machine-readable zone states about its holder.
IDENTITY_FIELDS = {"family_name", "given_name", "patronymic", "birth_date", "sex"}
DERIVED_FIELDS = (
    "reference",
    "name_script",
    "family_name_latin",
    "given_name_latin",
    "patronymic_latin",
)


@dataclass(frozen=True)
class LanguageSkill:
    language: str  # ISO 639-1
    level: str


@dataclass(frozen=True)
class ConsentStatement:
    """What the worker said about one purpose when registering."""

    purpose: str  # ConsentPurpose
    is_given: bool


@dataclass(frozen=True)
class Experience:
    isco: str  # ISCO-08 unit group code
    years_experience: int = 0


def add_timeline_event(worker: Worker, actor: Actor, kind: str, **fields: Any) -> TimelineEvent:
    """One entry on the worker's timeline: `message` and `params` say what happened
    (people.timeline), `reason` is what a person typed."""
    check_params(fields.get("message", ""), fields.get("params", {}))
    return TimelineEvent.objects.create(
        worker=worker,
        organisation_id=actor.organisation_id or worker.organisation_id,
        actor=actor.user if actor.user and actor.user.is_authenticated else None,
        kind=kind,
        **fields,
    )


# Foreign keys are given as codes ("UZ", "UZ-TO") or instances; stored through their column.
CODE_FIELDS = {"citizenship": "citizenship_id", "home_region": "home_region_id"}


def _clean_details(details: dict[str, Any]) -> dict[str, Any]:
    """Map typed-in values to model attributes: codes to columns, whitespace tidied."""
    unknown = set(details) - set(WORKER_FIELDS)
    if unknown:
        raise ValueError(f"not worker fields: {sorted(unknown)}")
    cleaned: dict[str, Any] = {}
    for name, value in details.items():
        if name in CODE_FIELDS:
            code = getattr(value, "pk", value)
            cleaned[CODE_FIELDS[name]] = code.upper() if isinstance(code, str) and code else None
        elif name == "skills" and isinstance(value, str):
            cleaned[name] = value.strip()
        elif isinstance(value, str):
            cleaned[name] = " ".join(value.split())
        else:
            cleaned[name] = value
    # A null that a column cannot hold (an API PATCH may send one): clearing a text field that
    # may be blank leaves it empty; any other is refused, never passed to the database.
    refused: dict[str, str] = {}
    for attribute, value in cleaned.items():
        field = Worker._meta.get_field(attribute)
        assert isinstance(field, models.Field)  # a column of the worker, not a relation back
        if value is None and not field.null:
            if field.blank and isinstance(field, models.CharField | models.TextField):
                cleaned[attribute] = ""
            else:
                refused[attribute] = _("This field cannot be empty.")
    if refused:
        raise ValidationError(refused)
    return cleaned


def _validate(worker: Worker, *, exclude: Sequence[str] = ()) -> None:
    citizenship = worker.citizenship_id
    if worker.phone:
        try:
            worker.phone = normalise_phone(worker.phone, citizenship)
        except ValidationError as error:
            raise ValidationError({"phone": error.messages}) from error
    errors: dict[str, list[str]] = {}
    try:
        # Also turns typed-in values (e.g. "1995-03-14") into their Python types.
        worker.full_clean(
            exclude=[*DERIVED_FIELDS, "organisation", *exclude], validate_unique=False
        )
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if isinstance(worker.birth_date, date) and "birth_date" not in errors:
        if worker.birth_date > timezone.localdate():
            errors["birth_date"] = [_("The date of birth cannot be in the future.")]
        elif worker.birth_date < date(1900, 1, 1):
            errors["birth_date"] = [_("Enter a date of birth after 1900.")]
    # The one place this is checked: the page, the API and every other door come here.
    region = worker.home_region_id
    if region and citizenship and not region.startswith(f"{citizenship}-"):
        errors.setdefault("home_region", []).append(_("Choose a region of the worker's country."))
    if errors:
        raise ValidationError(errors)


def _set_languages(worker: Worker, languages: Sequence[LanguageSkill]) -> None:
    WorkerLanguage.objects.filter(worker=worker).delete()
    rows = [WorkerLanguage(worker=worker, language_id=s.language, level=s.level) for s in languages]
    for row in rows:
        row.full_clean(exclude=["worker"], validate_constraints=False)
    WorkerLanguage.objects.bulk_create(rows)


def _set_occupations(worker: Worker, occupations: Sequence[Experience]) -> None:
    WorkerOccupation.objects.filter(worker=worker).delete()
    rows = [
        WorkerOccupation(worker=worker, isco_id=o.isco, years_experience=o.years_experience)
        for o in occupations
    ]
    for row in rows:
        row.full_clean(exclude=["worker"], validate_constraints=False)
        if len(row.isco_id) != 4:
            raise ValidationError(
                {"occupations": [_("Choose an ISCO-08 unit group (four digits).")]}
            )
    WorkerOccupation.objects.bulk_create(rows)


@transaction.atomic
def register_worker(
    *,
    actor: Actor,
    organisation: Organisation,
    details: dict[str, Any],
    languages: Sequence[LanguageSkill] = (),
    occupations: Sequence[Experience] = (),
    consents: Sequence[ConsentStatement] = (),
    consent_method: str = ConsentMethod.SIGNED_FORM,
    consent_note: str = "",
) -> Worker:
    """Register a new worker for `organisation`: validate, number, key the name, audit.

    `consents` are the statements the worker made at registration (IOM data-protection
    principles: consent is asked when the data is collected), recorded as given `consent_method`.
    """
    require_permission_in(actor, Permission.REGISTER_WORKERS, organisation)
    return create_worker_record(
        actor=actor,
        organisation=organisation,
        details=details,
        languages=languages,
        occupations=occupations,
        consents=consents,
        consent_method=consent_method,
        consent_note=consent_note,
    )


def create_worker_record(
    *,
    actor: Actor,
    organisation: Organisation,
    details: dict[str, Any],
    languages: Sequence[LanguageSkill] = (),
    occupations: Sequence[Experience] = (),
    consents: Sequence[ConsentStatement] = (),
    consent_method: str = ConsentMethod.SIGNED_FORM,
    consent_note: str = "",
    awaiting_confirmation: bool = False,
) -> Worker:
    """The registration itself, for a caller that has checked who may register: staff
    (`register_worker`) or the person themself (`people.self_registration`)."""
    user = actor.user if actor.user is not None and actor.user.is_authenticated else None
    worker = Worker(organisation=organisation, created_by=user)
    if awaiting_confirmation:
        worker.awaiting_confirmation_since = timezone.now()
    for name, value in _clean_details(details).items():
        setattr(worker, name, value)
    _validate(worker)
    apply_name_forms(worker)
    worker.reference = allocate_references(country=worker.citizenship_id, year=timezone.now().year)[
        0
    ]
    worker.save()
    replace_name_keys(worker)
    _set_languages(worker, languages)
    _set_occupations(worker, occupations)
    given = _record_registration_consents(
        actor, worker, consents, method=consent_method, note=consent_note
    )
    # One line on the timeline for the registration and what the worker consented to.
    summary: dict[str, Any] = (
        {
            "message": TimelineMessage.REGISTERED_CONSENT,
            "params": {"purposes": choices(ConsentPurpose, given)},
        }
        if given
        else {}
    )
    add_timeline_event(worker, actor, TimelineKind.REGISTERED, to_stage=worker.stage, **summary)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=worker,
        worker_id=worker.pk,
        changes=audit.diff({}, _snapshot(worker)),
    )
    return worker


def _write_consent(
    actor: Actor,
    worker: Worker,
    *,
    purpose: str,
    is_given: bool,
    method: str,
    note: str,
    valid_until: date | None = None,
) -> ConsentRecord:
    """One statement of consent, validated, with its audit entry (callers add the rest)."""
    check_day(valid_until, "valid_until")
    if valid_until is not None and (not is_given or valid_until < timezone.localdate()):
        raise ValidationError(
            {"valid_until": [_("Only consent given can have an end, and not in the past.")]}
        )
    record = ConsentRecord(
        worker=worker,
        organisation_id=actor.organisation_id or worker.organisation_id,
        purpose=purpose,
        is_given=is_given,
        method=method,
        recorded_by=actor.user if getattr(actor.user, "is_authenticated", False) else None,
        note=note.strip(),
        valid_until=valid_until,
    )
    record.full_clean(exclude=["worker", "organisation", "recorded_by"])
    record.save()
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=record,
        worker_id=worker.pk,
        changes={
            "purpose": [None, purpose],
            "given": [None, is_given],
            "method": [None, method],
            **({"valid_until": [None, valid_until.isoformat()]} if valid_until else {}),
        },
    )
    return record


def _record_registration_consents(
    actor: Actor,
    worker: Worker,
    consents: Sequence[ConsentStatement],
    *,
    method: str,
    note: str,
) -> list[str]:
    """The statements made at registration, each a consent record with its audit entry (no
    grant can rest on them yet); returns the purposes given."""
    given: list[str] = []
    for statement in consents:
        record = _write_consent(
            actor,
            worker,
            purpose=statement.purpose,
            is_given=statement.is_given,
            method=method,
            note=note,
        )
        if statement.is_given:
            given.append(record.purpose)
    return given


@transaction.atomic
def set_occupation(
    *, actor: Actor, worker: Worker, isco: str, years_experience: int
) -> WorkerOccupation:
    """Add an occupation to a worker's profile, or change its years; audited."""
    require_permission_in(actor, Permission.CHANGE_WORKERS, worker.organisation)
    if len(isco) != 4 or not IscoGroup.objects.filter(code=isco, level=4).exists():
        raise ValidationError({"isco_code": [_("Choose an ISCO-08 unit group (four digits).")]})
    if not 0 <= years_experience <= 70:
        raise ValidationError({"years": [_("Give the years of experience (0 to 70).")]})
    existing = WorkerOccupation.objects.filter(worker=worker, isco_id=isco).first()
    before = existing.years_experience if existing else None
    occupation, _created = WorkerOccupation.objects.update_or_create(
        worker=worker, isco_id=isco, defaults={"years_experience": years_experience}
    )
    if before != years_experience:
        # Occupations are part of the edit form: an edit opened before this one is now stale;
        # matching reads them too.
        Worker.objects.filter(pk=worker.pk).update(
            version=F("version") + 1, match_features_stale_since=timezone.now()
        )
        add_timeline_event(
            worker,
            actor,
            TimelineKind.UPDATED,
            message=TimelineMessage.DETAILS_CHANGED,
            params={"fields": model_fields(Worker, ["occupations"])},
        )
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=worker,
            worker_id=worker.pk,
            changes={
                "occupations": [
                    f"{isco}:{before}" if existing else None,
                    f"{isco}:{years_experience}",
                ]
            },
        )
    return occupation


class EditConflict(Exception):
    """An edit started from an older version of the worker than the one stored: refused, so
    that it cannot silently revert a change saved in between. `current` is the stored row."""

    def __init__(self, *, current: Worker, expected_version: int) -> None:
        super().__init__(f"version {expected_version} is stale; {current.version} is stored")
        self.current = current
        self.expected_version = expected_version


def _snapshot(worker: Worker) -> dict[str, Any]:
    return model_to_dict(worker, fields=list(WORKER_FIELDS))


@transaction.atomic
def update_worker(
    *,
    actor: Actor,
    worker: Worker,
    details: dict[str, Any],
    languages: Sequence[LanguageSkill] | None = None,
    occupations: Sequence[Experience] | None = None,
    expected_version: int | None = None,
) -> Worker:
    """Change a worker's details; the audit entry holds every changed field, old and new.

    `expected_version` is the version the edit started from; when given and no longer the
    stored one, EditConflict is raised and nothing changes."""
    require_permission_in(actor, Permission.CHANGE_WORKERS, worker.organisation)
    worker = Worker.objects.select_for_update().get(pk=worker.pk)
    if expected_version is not None and expected_version != worker.version:
        raise EditConflict(current=worker, expected_version=expected_version)
    before = _snapshot(worker)
    for name, value in _clean_details(details).items():
        setattr(worker, name, value)
    _validate(worker)
    after = _snapshot(worker)
    changes = audit.diff(before, after)
    if languages is not None:
        _set_languages(worker, languages)
        changes["languages"] = [None, [f"{s.language}:{s.level}" for s in languages]]
    if occupations is not None:
        _set_occupations(worker, occupations)
        changes["occupations"] = [None, [f"{o.isco}:{o.years_experience}" for o in occupations]]
    if not changes:
        return worker
    if {"family_name", "given_name", "patronymic"} & set(changes):
        apply_name_forms(worker)
        replace_name_keys(worker)
    worker.version += 1
    # Matching reads the birth date, citizenship, languages and occupations.
    worker.match_features_stale_since = timezone.now()
    worker.save()
    if IDENTITY_FIELDS & set(changes):
        # documents imports this module; a verified passport must still be this person's.
        from corridor.people.documents import withdraw_stale_mrz_verification

        withdraw_stale_mrz_verification(actor=actor, worker=worker)
    add_timeline_event(
        worker,
        actor,
        TimelineKind.UPDATED,
        message=TimelineMessage.DETAILS_CHANGED,
        params={"fields": model_fields(Worker, changes)},
    )
    audit.record(
        actor=actor, action=AuditAction.UPDATE, obj=worker, worker_id=worker.pk, changes=changes
    )
    return worker


@transaction.atomic
def move_stage(
    *,
    actor: Actor,
    worker: Worker,
    stage: str,
    reason: str = "",
    by_workflow: bool = False,
    message: str = TimelineMessage.STAGE_MOVED,
    params: dict[str, Any] | None = None,
) -> TimelineEvent:
    """Move a worker to another stage of the migration cycle, with who, when and why.

    `by_workflow` is for a move another app makes under its own rules (training completed):
    the move is still checked against the stage rules and recorded, but not the actor's role.
    A person says why in `reason`; a workflow may say it with a timeline message instead."""
    # A grant is read-only: only the worker's own organisation moves the stage by hand.
    if not by_workflow and not actor.user.has_perm_in(
        Permission.MOVE_STAGE, worker.organisation_id
    ):
        raise PermissionDenied(_("You may not change a worker's stage."))
    if stage not in Stage.values:
        raise ValidationError({"stage": [_("Unknown stage.")]})
    reason = reason.strip()
    if not reason and message == TimelineMessage.STAGE_MOVED:
        raise ValidationError({"reason": [_("Say why the stage changes.")]})
    worker = Worker.objects.select_for_update().get(pk=worker.pk)
    # The rules are data (StageTransition, StageRequirement); workflows obey them too.
    stage_rules.check_move(worker, stage)
    previous = worker.enter_stage(stage)
    event = add_timeline_event(
        worker,
        actor,
        TimelineKind.STAGE,
        from_stage=previous,
        to_stage=stage,
        reason=reason[:500],
        message=message,
        params=params or {},
    )
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=worker,
        worker_id=worker.pk,
        changes={"stage": [previous, stage], "reason": [None, reason[:500]]},
    )
    return event


@transaction.atomic
def record_consent(
    *,
    actor: Actor,
    worker: Worker,
    purpose: str,
    is_given: bool,
    method: str,
    note: str = "",
    valid_until: date | None = None,
) -> ConsentRecord:
    """Record consent given or withdrawn for one purpose; the newest statement is in force.
    Consent given may end on `valid_until` (then it lapses: `people.expiry`).

    A withdrawal ends, in the same transaction, every sharing grant that rested on the
    purpose (each on the timeline and in the audit log). The worker's row is locked first, so
    concurrent statements for one worker are applied one after the other, never interleaved."""
    is_self = worker.user_id is not None and worker.user_id == getattr(actor.user, "pk", None)
    if not is_self:
        require_permission_in(actor, Permission.RECORD_CONSENT, worker.organisation)
    record, _ended = apply_consent_statement(
        actor=actor,
        worker=worker,
        purpose=purpose,
        is_given=is_given,
        method=method,
        note=note,
        valid_until=valid_until,
    )
    return record


def apply_consent_statement(
    *,
    actor: Actor,
    worker: Worker,
    purpose: str,
    is_given: bool,
    method: str,
    note: str = "",
    valid_until: date | None = None,
    consent_lapsed_on: date | None = None,
) -> tuple[ConsentRecord, int]:
    """Write one statement and what follows from it, with no permission check (callers check,
    or are the schedule: `people.expiry`); inside the caller's transaction. Returns the record
    and how many sharing grants it ended."""
    worker = Worker.objects.select_for_update().get(pk=worker.pk)
    record = _write_consent(
        actor,
        worker,
        purpose=purpose,
        is_given=is_given,
        method=method,
        note=note,
        valid_until=valid_until,
    )
    # Matching's eligibility rests on the consent in force (under the row lock taken above).
    Worker.objects.filter(pk=worker.pk).mark_match_features_stale()
    add_timeline_event(
        worker,
        actor,
        TimelineKind.CONSENT,
        message=TimelineMessage.CONSENT_GIVEN if is_given else TimelineMessage.CONSENT_WITHDRAWN,
        params={"purpose": choice(ConsentPurpose, purpose)},
    )
    ended = 0
    if not is_given:
        resting = AccessGrant.objects.active().filter(
            worker=worker, purpose__in=grant_purposes_resting_on(purpose)
        )
        for grant in resting.select_related("organisation"):
            if consent_lapsed_on is not None:
                _end_grant(
                    grant,
                    actor,
                    message=TimelineMessage.UNSHARED_CONSENT_LAPSED,
                    params={"date": day(consent_lapsed_on)},
                )
            else:
                _end_grant(
                    grant,
                    actor,
                    message=TimelineMessage.UNSHARED_CONSENT_WITHDRAWN,
                    params={"purpose": choice(ConsentPurpose, purpose)},
                )
            ended += 1
    return record, ended


# What each grant purpose needs: the worker's consent for it, and a receiving organisation of
# a kind that purpose is for (an employer cannot be sent a record "for a referral").
CONSENT_FOR_GRANT: dict[str, ConsentPurpose | None] = {
    GrantPurpose.APPLICATION: ConsentPurpose.MATCHING,
    GrantPurpose.REFERRAL: ConsentPurpose.REFERRALS,
    GrantPurpose.AUTHORITY: ConsentPurpose.AUTHORITY_SHARING,
    # Another centre takes over the case the worker registered for.
    GrantPurpose.TRANSFER: ConsentPurpose.REGISTRATION,
}
RECEIVERS_FOR_GRANT: dict[str, frozenset[str]] = {
    GrantPurpose.APPLICATION: frozenset({OrganisationType.RECRUITER, OrganisationType.EMPLOYER}),
    GrantPurpose.REFERRAL: frozenset(
        {
            OrganisationType.NGO,
            OrganisationType.DIASPORA,
            OrganisationType.TRAINING_PROVIDER,
            OrganisationType.EMPLOYMENT_CENTRE,
        }
    ),
    GrantPurpose.AUTHORITY: frozenset({OrganisationType.AUTHORITY}),
    GrantPurpose.TRANSFER: frozenset(
        {OrganisationType.EMPLOYMENT_CENTRE, OrganisationType.PROGRAMME_OFFICE}
    ),
}


def grant_purposes_resting_on(purpose: str) -> list[str]:
    """The grant purposes that end when the worker withdraws consent for `purpose`."""
    return [grant for grant, consent in CONSENT_FOR_GRANT.items() if consent == purpose]


def check_grant(
    *, worker: Worker, organisation: Organisation, purpose: str, consent_overridden: bool = False
) -> None:
    """Refuse a grant the purpose does not allow: wrong receiver, or no consent in force."""
    if purpose not in GrantPurpose.values:
        raise ValidationError({"purpose": [_("Unknown purpose.")]})
    if organisation.type not in RECEIVERS_FOR_GRANT[purpose]:
        raise ValidationError(
            {
                "purpose": [
                    _("A record is not shared with a %(type)s for “%(purpose)s”.")
                    % {
                        "type": OrganisationType(organisation.type).label,
                        "purpose": GrantPurpose(purpose).label,
                    }
                ]
            }
        )
    needed = CONSENT_FOR_GRANT[purpose]
    if needed and not consent_overridden and not may_process(worker, needed):
        raise ValidationError(
            {
                "organisation": [
                    _("The worker has not consented to “%(purpose)s”.") % {"purpose": needed.label}
                ]
            }
        )


@transaction.atomic
def grant_access(
    *,
    actor: Actor,
    worker: Worker,
    organisation: Organisation,
    purpose: str,
    reason: str,
    expires_at: Any = None,
    consent_override_reason: str = "",
) -> AccessGrant:
    """Share one worker's record with another organisation: explicit, recorded, consented.

    The grant opens the sections its purpose needs, read-only (people.access). Only an urgent
    referral may go without consent, by a user allowed to override it, saying why (audited)."""
    require_permission_in(actor, Permission.SHARE_WORKERS, worker.organisation)
    if organisation.pk == worker.organisation_id:
        raise ValidationError(
            {"organisation": [_("The record already belongs to this organisation.")]}
        )
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the record is shared.")]})
    # Under the worker's row lock: a consent withdrawn meanwhile is seen, not raced.
    worker = Worker.objects.select_for_update().get(pk=worker.pk)
    override = consent_override_reason.strip()
    if override and not (
        purpose == GrantPurpose.REFERRAL
        and actor.user.has_perm_in(Permission.OVERRIDE_REFERRAL_CONSENT, worker.organisation_id)
    ):
        raise PermissionDenied(_("You may not share this record without the worker's consent."))
    check_grant(
        worker=worker, organisation=organisation, purpose=purpose, consent_overridden=bool(override)
    )
    grant = AccessGrant.objects.create(
        worker=worker,
        organisation=organisation,
        granted_by_organisation_id=actor.organisation_id or worker.organisation_id,
        purpose=purpose,
        reason=reason.strip()[:500],
        granted_by=actor.user,
        expires_at=expires_at,
    )
    add_timeline_event(
        worker,
        actor,
        TimelineKind.SHARED,
        message=TimelineMessage.SHARED,
        params={"organisation": organisation.name},
        reason=grant.reason,
    )
    audit.record(
        actor=actor,
        action=AuditAction.GRANT,
        obj=grant,
        worker_id=worker.pk,
        changes={
            "organisation": [None, str(organisation.pk)],
            "purpose": [None, purpose],
            **({"consent_override": [None, override[:500]]} if override else {}),
        },
    )
    return grant


@transaction.atomic
def revoke_access(*, actor: Actor, grant: AccessGrant) -> AccessGrant:
    require_permission_in(actor, Permission.SHARE_WORKERS, grant.worker.organisation)
    if grant.revoked_at is None:
        _end_grant(grant, actor)
    return grant


def _end_grant(
    grant: AccessGrant,
    actor: Actor,
    *,
    message: str = TimelineMessage.UNSHARED,
    params: dict[str, Any] | None = None,
) -> None:
    grant.revoked_at = timezone.now()
    grant.revoked_by = actor.user if getattr(actor.user, "is_authenticated", False) else None
    grant.save(update_fields=["revoked_at", "revoked_by"])
    event = add_timeline_event(
        grant.worker,
        actor,
        TimelineKind.UNSHARED,
        message=message,
        params={"organisation": grant.organisation.name, **(params or {})},
    )
    # The audit log keeps why as it was said (consent withdrawn or lapsed).
    audit.record(
        actor=actor,
        action=AuditAction.REVOKE,
        obj=grant,
        worker_id=grant.worker_id,
        changes={"reason": [None, event.text]} if params else None,
    )


@transaction.atomic
def record_view(*, actor: Actor, worker: Worker, what: str = "record") -> None:
    """Every read of a worker's record is audited, so the worker can see who looked."""
    audit.record(
        actor=actor,
        action=AuditAction.VIEW,
        obj=worker,
        worker_id=worker.pk,
        changes={"part": what},
    )


@transaction.atomic
def delete_worker(*, actor: Actor, worker: Worker, reason: str) -> None:
    require_permission_in(actor, Permission.DELETE_WORKERS, worker.organisation)
    audit.record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=worker,
        worker_id=worker.pk,
        changes={"reference": [worker.reference, None], "reason": [None, reason]},
    )
    worker.delete()


EXPORT_COLUMNS = (
    "reference",
    "family_name",
    "given_name",
    "patronymic",
    "family_name_latin",
    "given_name_latin",
    "sex",
    "birth_date",
    "citizenship_id",
    "home_region_id",
    "phone",
    "stage",
)


@transaction.atomic
def export_workers(*, actor: Actor, workers: Any, filters: dict[str, str]) -> list[list[str]]:
    """Rows of a worker export (header first); the export itself is audited with its filters."""
    if not actor.user.has_any_perm(Permission.EXPORT_WORKERS):
        raise PermissionDenied(_("You may not export workers."))
    rows = [list(EXPORT_COLUMNS)]
    rows += [[str(value or "") for value in row] for row in workers.values_list(*EXPORT_COLUMNS)]
    audit.record(
        actor=actor,
        action=AuditAction.EXPORT,
        changes={"filters": [None, filters], "rows": [None, len(rows) - 1]},
    )
    return rows
