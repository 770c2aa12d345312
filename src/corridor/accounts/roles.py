"""Roles and what each may do: the one place permissions are decided.

Scoping (which workers a user sees) follows from these permissions in `people.models`;
nothing else in the code checks a role by name.
"""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("administrator")
    MANAGER = "manager", _("programme manager")
    CASEWORKER = "caseworker", _("caseworker")
    RECRUITER = "recruiter", _("recruiter")
    EMPLOYER = "employer", _("employer")
    PARTNER = "partner", _("partner")
    AUTHORITY = "authority", _("labour authority")
    DONOR = "donor", _("donor")
    WORKER = "worker", _("worker")


class Permission(StrEnum):
    # Workers the organisation registered: see them, register new ones, change them.
    VIEW_OWN_WORKERS = "view_own_workers"
    REGISTER_WORKERS = "register_workers"
    CHANGE_WORKERS = "change_workers"
    # Workers another organisation shared with this one through a recorded grant.
    VIEW_SHARED_WORKERS = "view_shared_workers"
    SHARE_WORKERS = "share_workers"
    RECORD_CONSENT = "record_consent"
    # By hand, on workers of one's own organisation; other apps' workflows move it by their rules.
    MOVE_STAGE = "move_stage"
    DELETE_WORKERS = "delete_workers"
    EXPORT_WORKERS = "export_workers"
    VIEW_AGGREGATES = "view_aggregates"
    VIEW_AUDIT = "view_audit"
    MANAGE_ORGANISATIONS = "manage_organisations"
    MANAGE_USERS = "manage_users"
    # Confirm or correct the ISCO-08 codes the occupation coder was unsure of.
    REVIEW_OCCUPATION_CODES = "review_occupation_codes"
    # Vacancies: every vacancy (programme staff), or enter and change one's own.
    VIEW_ALL_VACANCIES = "view_all_vacancies"
    MANAGE_VACANCIES = "manage_vacancies"
    # Move applications through the hiring pipeline.
    MANAGE_APPLICATIONS = "manage_applications"
    # Record what a worker paid on the way (the fee ledger).
    RECORD_FEES = "record_fees"
    # Check employers (tax numbers, status) and recruiters' licences.
    MANAGE_EMPLOYERS = "manage_employers"
    # Training: courses, cohorts, enrolment, attendance, assessment, certificates.
    MANAGE_TRAINING = "manage_training"
    # Referrals to partner services: send them; act on those received; override consent.
    SEND_REFERRALS = "send_referrals"
    HANDLE_REFERRALS = "handle_referrals"
    OVERRIDE_REFERRAL_CONSENT = "override_referral_consent"
    # Mutual-assistance groups of migrant families.
    MANAGE_GROUPS = "manage_groups"
    # Complaints: handle them; see who complained when the complaint is confidential.
    HANDLE_COMPLAINTS = "handle_complaints"
    VIEW_CONFIDENTIAL_COMPLAINANTS = "view_confidential_complainants"
    # Programmes: their funders, indicators and results, and the IATI file.
    MANAGE_PROGRAMMES = "manage_programmes"
    # A worker's own record, through self-service.
    VIEW_SELF = "view_self"


P = Permission
_CASEWORK = {
    P.VIEW_OWN_WORKERS,
    P.REGISTER_WORKERS,
    P.CHANGE_WORKERS,
    P.VIEW_SHARED_WORKERS,
    P.SHARE_WORKERS,
    P.RECORD_CONSENT,
    P.MOVE_STAGE,
    P.VIEW_AGGREGATES,
    P.REVIEW_OCCUPATION_CODES,
    P.VIEW_ALL_VACANCIES,
    P.MANAGE_APPLICATIONS,
    P.RECORD_FEES,
    P.MANAGE_TRAINING,
    P.SEND_REFERRALS,
    # An employment centre offers services too (return and reintegration): it answers them.
    P.HANDLE_REFERRALS,
    P.MANAGE_GROUPS,
}

ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    Role.ADMIN: frozenset(
        _CASEWORK
        | {P.DELETE_WORKERS, P.EXPORT_WORKERS, P.VIEW_AUDIT, P.MANAGE_ORGANISATIONS, P.MANAGE_USERS}
        | {P.MANAGE_VACANCIES, P.MANAGE_EMPLOYERS}
        | {P.OVERRIDE_REFERRAL_CONSENT, P.HANDLE_COMPLAINTS, P.VIEW_CONFIDENTIAL_COMPLAINANTS}
        | {P.MANAGE_PROGRAMMES}
    ),
    # Confidential complainants' identities stay with administrators.
    Role.MANAGER: frozenset(
        _CASEWORK
        | {P.EXPORT_WORKERS, P.MANAGE_VACANCIES, P.MANAGE_EMPLOYERS}
        | {P.OVERRIDE_REFERRAL_CONSENT, P.HANDLE_COMPLAINTS, P.MANAGE_PROGRAMMES}
    ),
    Role.CASEWORKER: frozenset(_CASEWORK),
    Role.RECRUITER: frozenset(
        {
            P.VIEW_SHARED_WORKERS,
            P.VIEW_AGGREGATES,
            P.REVIEW_OCCUPATION_CODES,
            P.MANAGE_VACANCIES,
            P.MANAGE_APPLICATIONS,
        }
    ),
    Role.EMPLOYER: frozenset({P.VIEW_SHARED_WORKERS, P.MANAGE_VACANCIES, P.MANAGE_APPLICATIONS}),
    # NGOs, diaspora associations and training providers: the workers referred or enrolled.
    Role.PARTNER: frozenset(
        {P.VIEW_SHARED_WORKERS, P.HANDLE_REFERRALS, P.MANAGE_TRAINING, P.MANAGE_GROUPS}
    ),
    Role.AUTHORITY: frozenset({P.VIEW_SHARED_WORKERS, P.VIEW_AGGREGATES}),
    # Donors fund the programme and see aggregates only, never a person.
    Role.DONOR: frozenset({P.VIEW_AGGREGATES}),
    Role.WORKER: frozenset({P.VIEW_SELF}),
}


def role_has(role: str, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS.get(role, frozenset())


# Roles that must sign in with a second factor (accounts/two_factor.py): those who manage
# users and organisations, run the programme, see workers of every centre (the authority) or
# recruit. Everyone else may enrol a second factor voluntarily.
SECOND_FACTOR_ROLES = frozenset({Role.ADMIN, Role.MANAGER, Role.AUTHORITY, Role.RECRUITER})


def role_requires_second_factor(role: str) -> bool:
    return role in SECOND_FACTOR_ROLES
