"""What a user may see of one worker's record: the one place that decides it.

A worker's own organisation sees and changes the whole record. Another organisation sees it
only through an active sharing grant, read-only, and only the sections the grant's purpose
needs (docs/decisions/0009). The worker sees their own record. Pages and the API ask
`access_to()` and show nothing else; sub-resources outside the sections answer 404.
"""

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db.models import Q
from django.http import Http404

from corridor.accounts.models import User
from corridor.accounts.roles import Permission
from corridor.people.models import AccessGrant, GrantPurpose, Worker


class Section(StrEnum):
    # Names, sex, birth date, citizenship, home region, reference number and stage.
    IDENTITY = "identity"
    CONTACT = "contact"  # phone and messenger
    LANGUAGES = "languages"
    PROFILE = "profile"  # education, skills, occupations
    # Which documents the worker holds and until when, without their numbers.
    DOCUMENT_VALIDITY = "document_validity"
    DOCUMENT_DETAILS = "document_details"  # numbers and machine-readable zones
    # The scans themselves: photos, signatures, everything on the page. Never in a grant but
    # a case transfer; an authority checks numbers, not copies.
    DOCUMENT_FILES = "document_files"
    FAMILY = "family"
    CONSENTS = "consents"
    GRANTS = "grants"  # the other organisations the record is shared with
    TIMELINE = "timeline"
    VIEWERS = "viewers"  # who viewed the record
    # Records other apps keep about the worker's case: enrolments, attendance and certificates
    # (training), what the worker paid on the way (recruitment's fee ledger).
    TRAINING = "training"
    FEES = "fees"
    # The worker's own job search: wishes (regions, expected wage), the vacancies they match,
    # their applications across employers. An employer sees its own application, not this.
    JOBS = "jobs"


S = Section
EVERYTHING = frozenset(Section)

SECTIONS_BY_GRANT_PURPOSE: dict[str, frozenset[Section]] = {
    # An employer or recruiter deciding on a candidate: who, how to reach, what they can do,
    # and whether their documents will be valid; never numbers, family or consent history.
    GrantPurpose.APPLICATION: frozenset(
        {S.IDENTITY, S.CONTACT, S.LANGUAGES, S.PROFILE, S.DOCUMENT_VALIDITY}
    ),
    # A partner service needs to know and reach the person, in a language they speak. Shown on
    # the referral's own page at the partner (support.queries.partner_view); a referral grant
    # never opens the worker's record (people.models.visible_worker_ids).
    GrantPurpose.REFERRAL: frozenset({S.IDENTITY, S.CONTACT, S.LANGUAGES}),
    # The authority checks identity and documents under the agreement.
    GrantPurpose.AUTHORITY: frozenset(
        {S.IDENTITY, S.LANGUAGES, S.PROFILE, S.DOCUMENT_VALIDITY, S.DOCUMENT_DETAILS}
    ),
    # Another centre taking over the case reads all of it; changes stay with the owner.
    GrantPurpose.TRANSFER: EVERYTHING - {S.GRANTS, S.VIEWERS},
}

# Worker fields (and API parts) per section; the identity fields are always shown.
FIELDS_BY_SECTION: dict[Section, tuple[str, ...]] = {
    S.CONTACT: ("phone", "messenger_handle"),
    S.LANGUAGES: ("languages",),
    S.PROFILE: ("education_level", "skills", "occupations"),
}


@dataclass(frozen=True)
class WorkerAccess:
    sections: frozenset[Section]
    # The user belongs to the organisation that registered the worker.
    is_owner: bool = False
    is_self: bool = False

    def shows(self, section: Section) -> bool:
        return section in self.sections

    @property
    def section_names(self) -> frozenset[str]:
        """For templates: `{% if "contact" in access.section_names %}`."""
        return frozenset(str(s) for s in self.sections)

    def hidden_fields(self) -> set[str]:
        return {
            field
            for section, fields in FIELDS_BY_SECTION.items()
            if section not in self.sections
            for field in fields
        }


NO_ACCESS = WorkerAccess(sections=frozenset())


def access_to(user: User, worker: Worker) -> WorkerAccess:
    """What `user` may see of `worker` now (nothing if not authenticated or not shared)."""
    if not user.is_authenticated:
        return NO_ACCESS
    if user.has_perm_in(Permission.VIEW_OWN_WORKERS, worker.organisation_id):
        return WorkerAccess(sections=EVERYTHING, is_owner=True)
    if worker.user_id is not None and worker.user_id == user.pk:
        return WorkerAccess(sections=EVERYTHING, is_self=True)
    organisations = user.organisation_ids_with(Permission.VIEW_SHARED_WORKERS)
    if not organisations:
        return NO_ACCESS
    purposes = (
        AccessGrant.objects.active()
        .filter(worker_id=worker.pk, organisation_id__in=organisations)
        .exclude(purpose=GrantPurpose.REFERRAL)
        .values_list("purpose", flat=True)
    )
    sections: frozenset[Section] = frozenset()
    for purpose in set(purposes):
        sections |= SECTIONS_BY_GRANT_PURPOSE.get(purpose, frozenset())
    return WorkerAccess(sections=sections)


def workers_showing(user: User, section: Section) -> Any:
    """Workers of whom `user` may see `section`: their own organisations' workers, their own
    record, and those shared with them for a purpose that includes the section. Other apps
    scope what they keep about a worker's case by this, never by the bare grant."""
    if not user.is_authenticated:
        return Worker.objects.none()
    condition = Q(organisation_id__in=user.organisation_ids_with(Permission.VIEW_OWN_WORKERS))
    condition |= Q(user_id=user.pk)
    purposes = [p for p, sections in SECTIONS_BY_GRANT_PURPOSE.items() if section in sections]
    shared = user.organisation_ids_with(Permission.VIEW_SHARED_WORKERS)
    if purposes and shared:
        granted = AccessGrant.objects.active().filter(
            organisation_id__in=shared, purpose__in=purposes
        )
        condition |= Q(id__in=granted.exclude(purpose=GrantPurpose.REFERRAL).values("worker_id"))
    return Worker.objects.filter(condition)


def require_section(access: WorkerAccess, section: Section) -> None:
    """404, as for a record that does not exist, when the section is not the user's to see."""
    if not access.shows(section):
        raise Http404


def owned_workers(user: User) -> Any:
    """Workers of the user's own organisations: the only ones any write may touch."""
    return Worker.objects.filter(
        organisation_id__in=user.organisation_ids_with(Permission.VIEW_OWN_WORKERS)
    )
