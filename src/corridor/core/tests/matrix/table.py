"""The one table of expected answers: each page and API operation -> a rule; each rule and
role -> an outcome. The policy it encodes is decisions 0001, 0009 and 0011 (people/access.py),
and for what they do not name (vacancies, training, programmes, ...) the permissions of
`accounts.roles`.

Outcomes:
    ALLOW   2xx (3xx too for pages and writes; never a redirect to the login page)
    DENY    404: the role may not know the record exists
    REFUSE  403 or 404: the role may know it exists but may not do this; or 422 when a form
            whose choices are scoped to the user's organisations rejects the body (the choice
            is not theirs). Nothing changes in every case (the unchanged-database check).
    SCOPED  2xx, 403, 404 or 422 (a list, search or scoped form the policy does not open or
            close to the role);
            when it answers, it holds no foreign worker (the leak check)
    EITHER  2xx or 404 (the policy is silent on this door for this role); never 403 or 500
For anonymous users everything but ALLOW means: pages redirect to /accounts/login/, the API
answers 401. The admin site sends everyone without staff status to its own login page
(ADMIN_LOGIN); logging out answers with any redirect, the login page's too (SIGNED_OUT); a
URL that is no page answers 404 to everyone, anonymous users included (NOT_FOUND).

Every answered case (2xx) is also checked for leaks: no reference number, id or family name of
a worker the role may not see (World.foreign_markers). Every allowed read of a worker's
personal data (rules in AUDITED) must write exactly one AuditEvent(action=view) for the worker.

Adding a door (the meta-tests fail until it is done):
1. a page: add its URL name to PAGES with a rule per method it accepts (GET, and POST if it
   takes a form); an API operation: add "METHOD /path" (as in the OpenAPI schema) to API;
2. use an existing rule, or add one to RULES saying the outcome for every role (the helpers
   _rule, _holders and _worker_read build them); a read of a worker's personal data goes
   into AUDITED;
3. a write: add a body to bodies.PAGE_BODIES or bodies.API_BODIES that the allowed roles'
   request would succeed with; a list or search: a query in bodies.SEARCHES;
4. a new URL parameter: its value from the world in routes._kwarg_values (and the object in
   world.build_world if the world has none).
"""

from corridor.core.tests.matrix.world import (
    ANON,
    AUTHORITY,
    CONSENT_NOTE,
    DONOR,
    EMP_GRANT,
    EMP_NONE,
    OTHER_ADMIN,
    OTHER_CW,
    OTHER_WORKER,
    OWN_CW,
    PARTNER_NONE,
    PARTNER_REF,
    REC_GRANT,
    REC_NONE,
    ROLES,
    SELF,
    W_FAMILY,
    W_MESSENGER,
    W_PASSPORT,
    W_PHONE,
)

ALLOW, DENY, REFUSE, SCOPED, EITHER, ADMIN_LOGIN, SIGNED_OUT, NOT_FOUND = (
    "ALLOW",
    "DENY",
    "REFUSE",
    "SCOPED",
    "EITHER",
    "ADMIN_LOGIN",
    "SIGNED_OUT",
    "NOT_FOUND",
)

CASEWORKERS = (OWN_CW, OTHER_CW)
RECRUITERS = (REC_GRANT, REC_NONE)
EMPLOYERS = (EMP_GRANT, EMP_NONE)
PARTNERS = (PARTNER_REF, PARTNER_NONE)
WORKERS = (SELF, OTHER_WORKER)
LOGGED_IN = tuple(role for role in ROLES if role != ANON)

# What each grant holder's purpose lets it read of W (decision 0009, people/access.py).
GRANT_PURPOSE = {
    REC_GRANT: "application",
    EMP_GRANT: "application",
    PARTNER_REF: "referral",
    AUTHORITY: "authority",
}
PURPOSE_SECTIONS = {
    # "record" is the worker page / GET /workers/{id}: it answers, showing the allowed sections.
    "application": {"record", "documents"},  # documents: type and expiry only, no numbers
    # A referral grant opens the referral's page at the partner, never W's record (decision 9).
    "referral": set(),
    "authority": {"record", "documents"},  # with numbers
}

# Values of W's record that a grant holder's response must not hold (sections its purpose
# does not allow): passport number, family, contact, the names of the other organisations the
# record is shared with, the consent note.
# Doors whose document carries a value the grant's sections do not, because the law puts it
# there (the contract's passport number).
LAWFUL = {"contract_read": {W_PASSPORT}}
FORBIDDEN = {
    "application": [W_PASSPORT, W_FAMILY, CONSENT_NOTE, "Matrix Labour Authority",
                    "Matrix Legal Aid NGO"],
    "referral": [W_PASSPORT, W_FAMILY, CONSENT_NOTE, "Matrix Labour Authority",
                 "Matrix Recruiter One", "Matrix Employer One", "Matrix welder"],
    "authority": [W_PHONE, W_MESSENGER, W_FAMILY, CONSENT_NOTE, "Matrix Legal Aid NGO",
                  "Matrix Recruiter One", "Matrix Employer One"],
}  # fmt: skip


def _rule(default: str, anonymous: str = DENY, **groups: tuple[tuple[str, ...], str]) -> dict:
    outcomes = {role: default for role in ROLES}
    outcomes[ANON] = anonymous
    for roles, outcome in groups.values():
        for role in roles:
            outcomes[role] = outcome
    # Centre B's administrator may do what its caseworker may, unless a rule says otherwise.
    if not any(OTHER_ADMIN in roles for roles, _ in groups.values()):
        outcomes[OTHER_ADMIN] = outcomes[OTHER_CW]
    return outcomes


def _worker_read(section: str, self_outcome: str = EITHER) -> dict:
    outcomes = _rule(DENY, own=((OWN_CW,), ALLOW), me=((SELF,), self_outcome))
    for role, purpose in GRANT_PURPOSE.items():
        outcomes[role] = ALLOW if section in PURPOSE_SECTIONS[purpose] else DENY
    return outcomes


def _holders(*roles: str, others: str = REFUSE, anonymous: str = DENY) -> dict:
    return _rule(others, anonymous, holders=(roles, ALLOW))


WORKER_SECTIONS = [
    "record", "documents", "document_file", "consents", "family", "timeline", "jobs",
    "training", "payments", "matches", "job_profile",
]  # fmt: skip

RULES: dict[str, dict[str, str]] = {
    **{f"worker_read:{s}": _worker_read(s) for s in WORKER_SECTIONS},
    # The worker page of one's own record answers 200 read-only (decision 0009).
    "worker_page": _worker_read("record", self_outcome=ALLOW),
    # Staff writes on W: its centre only; grant holders and W's own login are refused.
    "worker_write": _rule(
        DENY,
        own=((OWN_CW,), ALLOW),
        refused=((*GRANT_PURPOSE, SELF), REFUSE),
    ),
    # /workers/me/: each worker's own record (W's for self, X's for the other worker).
    "self_record": _rule(DENY, workers=(WORKERS, ALLOW)),
    "self_pages": _rule(REFUSE, workers=(WORKERS, ALLOW)),
    # /my/ writes on one's own record: each worker acts on their own (X's login on X's).
    "self_write": _rule(DENY, workers=(WORKERS, ALLOW)),
    # /my/ doors on one of W's own records (an application, a payment): W only.
    "self_only": _rule(DENY, me=((SELF,), ALLOW)),
    "self_only_read": _rule(DENY, me=((SELF,), ALLOW)),
    "public": _rule(ALLOW, anonymous=ALLOW),
    "logout": _rule(SIGNED_OUT, anonymous=SIGNED_OUT),
    "logged_in": _rule(ALLOW),
    "scoped": _rule(SCOPED),
    "scoped_staff_list": _rule(SCOPED, staff=(CASEWORKERS, ALLOW)),
    # Organisation administration: one's own organisation only (the programme office, all);
    # the world's is centre A's, so centre B's administrator is refused.
    "organisation_admin": _rule(REFUSE),
    "user_list": _holders(OTHER_ADMIN),  # centre B's users, to its administrator
    "audit_log": _holders(OTHER_ADMIN),  # centre B's events: no worker of centre A in it
    "export": _holders(OTHER_ADMIN),  # centre B's workers only (the leak check)
    "employer_status": _rule(REFUSE, admin=((OTHER_ADMIN,), SCOPED)),
    "complaint_list": _rule(REFUSE, admin=((OTHER_ADMIN,), SCOPED)),
    "admin_site": _rule(ADMIN_LOGIN, anonymous=ADMIN_LOGIN),
    "register_workers": _holders(*CASEWORKERS),
    "aggregates": _holders(*CASEWORKERS, *RECRUITERS, AUTHORITY, DONOR),
    "organisation_directory": _holders(*CASEWORKERS, SELF, OTHER_WORKER, others=DENY),
    "duplicate_check": _holders(*CASEWORKERS),
    "identity_queue": _rule(SCOPED, staff=(CASEWORKERS, ALLOW)),
    "identity_pair": _rule(DENY, own=((OWN_CW,), ALLOW)),
    "occupation_review": _holders(*CASEWORKERS, *RECRUITERS),
    # Vacancy V1 of employer E1, recruited for by R1.
    "vacancy_list": _holders(*CASEWORKERS, *RECRUITERS, *EMPLOYERS),
    "vacancy_read": _rule(
        REFUSE,
        staff=((*CASEWORKERS, REC_GRANT, EMP_GRANT), ALLOW),
        strangers=((REC_NONE, EMP_NONE), DENY),
    ),
    "vacancy_write": _rule(REFUSE, parties=((REC_GRANT, EMP_GRANT), ALLOW)),
    # Candidates of a vacancy: each role sees only workers it may see (the leak check).
    "vacancy_matches": _rule(
        REFUSE,
        staff=((*CASEWORKERS, REC_GRANT, EMP_GRANT), ALLOW),
        strangers=((REC_NONE, EMP_NONE), DENY),
    ),
    # Putting worker WB (centre B) forward: only WB's own centre may.
    "put_forward": _rule(REFUSE, owner=((OTHER_CW,), ALLOW)),
    "application_list": _rule(SCOPED, parties=((OWN_CW, REC_GRANT, EMP_GRANT), ALLOW)),
    # W's application to V1: the parties and W.
    "application_read": _rule(DENY, parties=((OWN_CW, REC_GRANT, EMP_GRANT, SELF), ALLOW)),
    "application_write": _rule(
        DENY, parties=((OWN_CW, REC_GRANT, EMP_GRANT), ALLOW), me=((SELF,), REFUSE)
    ),
    # The employment contract names the worker's identity document by law (Labour Code of the
    # Russian Federation, art. 57): its parties read the passport number in it.
    "contract_read": _rule(DENY, parties=((OWN_CW, REC_GRANT, EMP_GRANT, SELF), ALLOW)),
    "contract_receipt": _rule(
        DENY, owners=((OWN_CW, SELF), ALLOW), parties=((REC_GRANT, EMP_GRANT), REFUSE)
    ),
    "organisation_record": _rule(
        DENY, staff=((*CASEWORKERS, EMP_GRANT), ALLOW), refused=((*RECRUITERS, EMP_NONE), DENY)
    ),
    "training_staff": _holders(*CASEWORKERS, *PARTNERS),
    "training_provider": _rule(REFUSE),  # the provider's own staff, not a matrix role
    "training_enrol": _holders(OWN_CW),  # enrol worker D1 of centre A
    # W's enrolment: the provider's steps; W's centre, W and W's grant holders are refused.
    "enrolment_write": _rule(DENY, refused=((OWN_CW, *GRANT_PURPOSE, SELF), REFUSE)),
    "certificate_read": _rule(DENY, own=((OWN_CW,), ALLOW), me=((SELF,), EITHER)),
    "referral_staff": _holders(*CASEWORKERS, *PARTNERS),
    "service_form": _holders(*CASEWORKERS, *PARTNERS),
    "service_create": _holders(PARTNER_REF),  # the body names partner 1
    "service_write": _holders(PARTNER_REF),
    "service_read": _holders(*CASEWORKERS, *PARTNERS),
    "referral_sent": _rule(DENY, sender=((OWN_CW,), ALLOW), partner=((PARTNER_REF,), REFUSE)),
    "referral_received": _rule(DENY, partner=((PARTNER_REF,), ALLOW), sender=((OWN_CW,), REFUSE)),
    "groups": _holders(*CASEWORKERS, *PARTNERS),
    "group_member": _rule(DENY, own=((OWN_CW,), ALLOW)),
    "complaint_handler": _rule(REFUSE),  # programme office staff, not a matrix role
    "complaint_self": _rule(DENY, me=((SELF,), ALLOW)),
    "file_on_behalf": _holders(*CASEWORKERS, *PARTNERS),
    "not_found": _rule(NOT_FOUND, anonymous=NOT_FOUND),
    # One's own API tokens: the world's belongs to W's caseworker.
    "token_owner": _rule(DENY, own=((OWN_CW,), ALLOW)),
    # A reminder is its recipient's alone (W's caseworker in the world).
    "notification_recipient": _rule(DENY, own=((OWN_CW,), ALLOW)),
    "organisation_page": _rule(REFUSE),  # administrators (MANAGE_USERS) only
    # An administrator (MANAGE_VACANCIES, MANAGE_EMPLOYERS) may enter vacancies: the policy
    # does not say for which employers.
    "vacancy_form": _rule(REFUSE, holders=(EMPLOYERS, ALLOW), admin=((OTHER_ADMIN,), SCOPED)),
    # The body names employer E1: only E1 may enter a vacancy for it.
    "vacancy_create": _rule(REFUSE, holders=((EMP_GRANT,), ALLOW), admin=((OTHER_ADMIN,), SCOPED)),
    # Lists the API answers with what the role may see (an empty list) where the page refuses.
    "vacancy_api_list": _rule(SCOPED, holders=((*CASEWORKERS, *RECRUITERS, *EMPLOYERS), ALLOW)),
    "referral_api_list": _rule(SCOPED, holders=((*CASEWORKERS, *PARTNERS), ALLOW)),
    "group_create": _holders(OWN_CW),  # the body names centre A
    "complaint_api": _rule(REFUSE, me=((SELF,), SCOPED)),
    "course_form": _holders(*PARTNERS),  # NGOs train too
    "course_create": _holders(PARTNER_REF),  # the body names partner 1 as the provider
    "training_enrol_form": _holders(*CASEWORKERS),
    # X's running enrolment: X's centre drops it; X's own login is refused.
    "enrolment_drop": _rule(DENY, own=((OWN_CW,), ALLOW), x=((OTHER_WORKER,), REFUSE)),
    "referral_feedback": _rule(
        DENY, own=((OWN_CW,), ALLOW), me=((SELF,), SCOPED), partner=((PARTNER_REF,), REFUSE)
    ),
    "programme_read": _holders(*CASEWORKERS, *RECRUITERS, AUTHORITY, DONOR),
    # Programme MATRIX-1 belongs to the programme office: nobody else changes it.
    "programme_write": _rule(REFUSE),
    "programme_create": _rule(REFUSE, admin=((OTHER_ADMIN,), SCOPED)),
}

# Reads of a worker's personal data: each allowed one writes exactly one view audit event.
AUDITED = {
    *(f"worker_read:{s}" for s in WORKER_SECTIONS),
    "worker_page",
    "self_record",
    "self_only_read",
    "application_read",
    "contract_read",
    "certificate_read",
    "referral_sent",
    "referral_received",
    "complaint_self",
}

# Pages: URL name -> {method: rule}. GET only unless the view takes a form.
PAGES: dict[str, dict[str, str]] = {
    "web:home": {"GET": "logged_in"},
    "set_language": {"POST": "public"},
    "healthz": {"GET": "public"},
    "admin:index": {"GET": "admin_site"},
    "api:openapi-json": {"GET": "public"},
    "api:openapi-view": {"GET": "public"},
    "api:api-root": {"GET": "not_found"},
    # accounts
    "accounts:login": {"GET": "public", "POST": "public"},
    "accounts:logout": {"POST": "logout"},
    "accounts:password_reset": {"GET": "public", "POST": "public"},
    "accounts:password_reset_done": {"GET": "public"},
    "accounts:password_reset_confirm": {"GET": "public", "POST": "public"},
    "accounts:password_reset_complete": {"GET": "public"},
    "accounts:organisations": {"GET": "scoped"},
    "accounts:organisation_create": {"GET": "organisation_admin", "POST": "organisation_admin"},
    "accounts:organisation": {"GET": "organisation_page"},
    "accounts:organisation_edit": {"GET": "organisation_admin", "POST": "organisation_admin"},
    "accounts:users": {"GET": "user_list", "POST": "organisation_admin"},
    "accounts:audit": {"GET": "audit_log"},
    "accounts:account": {"GET": "logged_in"},
    "accounts:token_create": {"POST": "logged_in"},
    "accounts:token_revoke": {"POST": "token_owner"},
    # One's own second factor; a member's, reset by their organisation's administrator.
    "accounts:two_factor": {"GET": "logged_in", "POST": "scoped"},
    "accounts:two_factor_verify": {"GET": "logged_in", "POST": "logged_in"},
    "accounts:recovery_codes": {"POST": "logged_in"},
    "accounts:two_factor_remove": {"POST": "scoped"},
    "accounts:member_two_factor_reset": {"POST": "organisation_admin"},
    "accounts:reminders": {"GET": "logged_in"},
    "accounts:reminder": {"GET": "notification_recipient"},
    # people
    "people:list": {"GET": "scoped_staff_list"},
    "people:create": {"GET": "register_workers", "POST": "register_workers"},
    "people:export": {"GET": "export"},
    "people:my_record": {"GET": "self_record", "POST": "self_record"},
    "people:confirm_registration": {"POST": "worker_write"},
    # the worker's own pages
    "portal:home": {"GET": "self_record"},
    "portal:jobs": {"GET": "self_record"},
    "portal:interest": {"POST": "self_write"},
    "portal:applications": {"GET": "self_record"},
    "portal:answer": {"POST": "self_only"},
    "portal:contract": {"GET": "self_only_read"},
    "portal:fees": {"GET": "self_record"},
    "portal:report_fee": {"GET": "self_only", "POST": "self_only"},
    "portal:certificates": {"GET": "self_record"},
    "portal:data": {"GET": "self_record"},
    "portal:data_json": {"GET": "self_record"},
    "portal:data_pdf": {"GET": "self_record"},
    "portal:settings": {"GET": "self_record", "POST": "self_write"},
    "portal:register": {"GET": "public", "POST": "public"},
    "people:isco_options": {"GET": "scoped"},
    "people:worker": {"GET": "worker_page"},
    "people:edit": {"GET": "worker_write", "POST": "worker_write"},
    "people:stage": {"POST": "worker_write"},
    "people:stage_correct": {"POST": "worker_write"},
    "people:consent": {"POST": "worker_write"},
    "people:document_add": {"POST": "worker_write"},
    "people:document_file": {"GET": "worker_read:document_file"},
    "people:family_add": {"POST": "worker_write"},
    "people:sign_in_code": {"POST": "worker_write"},
    "people:sign_in": {"GET": "public", "POST": "public"},
    "people:grant_add": {"POST": "worker_write"},
    "people:grant_revoke": {"POST": "worker_write"},
    # identity
    "identity:duplicates": {"GET": "duplicate_check"},
    "identity:review": {"GET": "identity_queue"},
    "identity:pair": {"GET": "identity_pair", "POST": "identity_pair"},
    "identity:undo_merge": {"POST": "identity_pair"},
    # occupations
    "occupations:review": {"GET": "occupation_review"},
    "occupations:confirm": {"POST": "occupation_review"},
    # recruitment
    "recruitment:vacancies": {"GET": "vacancy_list"},
    "recruitment:vacancy_create": {"GET": "vacancy_form", "POST": "vacancy_create"},
    "recruitment:vacancy": {"GET": "vacancy_matches"},  # the page lists the matches
    "recruitment:vacancy_edit": {"GET": "vacancy_write", "POST": "vacancy_write"},
    "recruitment:put_forward": {"POST": "put_forward"},
    "recruitment:application": {"GET": "application_read"},
    "recruitment:application_move": {"POST": "application_write"},
    "recruitment:application_offer": {"POST": "application_write"},
    "recruitment:contract_generate": {"POST": "application_write"},
    "recruitment:contract_pdf": {"GET": "application_read"},
    "recruitment:contract_received": {"POST": "contract_receipt"},
    "recruitment:contract_arrival": {"POST": "application_write"},
    "recruitment:worker_jobs": {"GET": "worker_read:jobs"},
    "recruitment:job_profile": {"POST": "worker_write"},
    "recruitment:payment_add": {"POST": "worker_write"},
    "recruitment:organisation_record": {"GET": "organisation_record"},
    "recruitment:employer_status": {"POST": "employer_status"},
    # training
    "training:courses": {"GET": "training_staff"},
    "training:course_create": {"GET": "course_form", "POST": "course_create"},
    "training:course": {"GET": "training_staff"},
    "training:course_edit": {"GET": "training_provider", "POST": "training_provider"},
    "training:worker_payment": {"POST": "training_provider"},
    "training:cohort_create": {"GET": "training_provider", "POST": "training_provider"},
    "training:cohort": {"GET": "training_staff"},
    "training:cohort_edit": {"GET": "training_provider", "POST": "training_provider"},
    "training:enrol": {"GET": "training_enrol_form", "POST": "training_enrol"},
    "training:attendance": {"POST": "training_provider"},
    "training:issue_certificates": {"POST": "training_provider"},
    "training:drop": {"POST": "enrolment_drop"},
    "training:result": {"POST": "enrolment_write"},
    "training:complete": {"POST": "enrolment_write"},
    "training:certificate_pdf": {"GET": "certificate_read"},
    "training:revoke": {"POST": "enrolment_write"},
    "training:worker": {"GET": "worker_read:training"},
    "verify:certificate": {"GET": "public"},
    # support
    "support:services": {"GET": "referral_staff"},
    "support:service_create": {"GET": "service_form", "POST": "service_create"},
    "support:service_edit": {"GET": "service_write", "POST": "service_write"},
    "support:referrals": {"GET": "referral_staff"},
    "support:referral": {"GET": "referral_sent"},
    "support:referral_cancel": {"POST": "referral_sent"},
    "support:referral_feedback": {"POST": "referral_feedback"},
    "support:received_referral": {"GET": "referral_received"},
    "support:received_move": {"POST": "referral_received"},
    "support:received_outcome": {"POST": "referral_received"},
    "support:refer": {"GET": "worker_write", "POST": "worker_write"},
    "support:groups": {"GET": "groups"},
    "support:group_create": {"POST": "group_create"},
    "support:group": {"GET": "group_member"},
    "support:member_add": {"POST": "group_member"},
    "support:family_options": {"GET": "group_member"},
    "support:member_leave": {"POST": "group_member"},
    "support:meeting_create": {"POST": "group_member"},
    "support:meeting": {"GET": "group_member"},
    "support:raise_need": {"POST": "group_member"},
    # complaints
    "grievances:list": {"GET": "complaint_list"},
    "grievances:file": {"GET": "public", "POST": "public"},
    "grievances:track_lookup": {"GET": "public", "POST": "public"},
    "grievances:track": {"GET": "public"},
    "grievances:mine": {"GET": "self_pages"},
    "grievances:mine_new": {"GET": "self_pages", "POST": "self_pages"},
    "grievances:mine_detail": {"GET": "complaint_self"},
    "grievances:file_on_behalf": {"GET": "file_on_behalf", "POST": "file_on_behalf"},
    "grievances:detail": {"GET": "complaint_handler"},
    "grievances:assign": {"POST": "complaint_handler"},
    "grievances:status": {"POST": "complaint_handler"},
    "grievances:message": {"POST": "complaint_handler"},
    "grievances:attachment": {"GET": "complaint_handler"},
    # programmes and insights
    "programmes:list": {"GET": "programme_read"},
    "programmes:create": {"GET": "programme_create", "POST": "programme_create"},
    "programmes:detail": {"GET": "programme_read"},
    "programmes:edit": {"GET": "programme_write", "POST": "programme_write"},
    "programmes:funding_add": {"GET": "programme_write", "POST": "programme_write"},
    "programmes:indicator_add": {"GET": "programme_write", "POST": "programme_write"},
    "programmes:result_add": {"GET": "programme_write", "POST": "programme_write"},
    "programmes:iati": {"GET": "programme_read"},
    "insights:dashboard": {"GET": "aggregates"},
    "insights:workbook": {"GET": "aggregates"},
    "insights:report": {"GET": "aggregates"},
    "insights:table": {"GET": "aggregates"},
}

# API operations: "METHOD /path" (path as in the OpenAPI schema, without /api/v1) -> rule.
API: dict[str, str] = {
    "GET /workers": "scoped_staff_list",
    "POST /workers": "register_workers",
    "GET /workers/{worker_id}": "worker_read:record",
    "PATCH /workers/{worker_id}": "worker_write",
    "POST /workers/{worker_id}/stage": "worker_write",
    "POST /workers/{worker_id}/stage/correction": "worker_write",
    "GET /workers/{worker_id}/timeline": "worker_read:timeline",
    "POST /workers/{worker_id}/consents": "worker_write",
    "GET /workers/{worker_id}/consents": "worker_read:consents",
    "POST /workers/{worker_id}/occupations": "worker_write",
    "GET /workers/{worker_id}/documents": "worker_read:documents",
    "POST /workers/{worker_id}/documents": "worker_write",
    "GET /workers/{worker_id}/family": "worker_read:family",
    "POST /workers/{worker_id}/family": "worker_write",
    "GET /organisations": "scoped",
    "GET /organisations/{organisation_id}": "organisation_directory",
    "GET /reference/isco": "logged_in",
    "GET /reference/regions": "logged_in",
    "GET /identity/duplicates": "duplicate_check",
    "GET /identity/pairs": "identity_queue",
    "POST /identity/pairs/{pair_id}/merge": "identity_pair",
    "POST /identity/pairs/{pair_id}/not-same": "identity_pair",
    "POST /identity/merges/{merge_id}/undo": "identity_pair",
    "GET /occupations/code": "logged_in",
    "GET /occupations/review": "occupation_review",
    "POST /occupations/review/{coded_id}/confirm": "occupation_review",
    "POST /vacancies": "vacancy_create",
    "GET /vacancies": "vacancy_api_list",
    "GET /vacancies/{vacancy_id}": "vacancy_read",
    "PATCH /vacancies/{vacancy_id}": "vacancy_write",
    "GET /vacancies/{vacancy_id}/matches": "vacancy_matches",
    "GET /workers/{worker_id}/matches": "worker_read:matches",
    "PUT /workers/{worker_id}/job-profile": "worker_write",
    "GET /workers/{worker_id}/job-profile": "worker_read:job_profile",
    "POST /applications": "put_forward",
    "GET /applications": "application_list",
    "GET /applications/{application_id}": "application_read",
    "POST /applications/{application_id}/move": "application_write",
    "POST /applications/{application_id}/offer": "application_write",
    "POST /applications/{application_id}/contract": "application_write",
    "GET /applications/{application_id}/contract": "contract_read",
    "GET /applications/{application_id}/contract.pdf": "application_read",
    "POST /applications/{application_id}/contract/received": "contract_receipt",
    "POST /applications/{application_id}/contract/arrival": "application_write",
    "POST /workers/{worker_id}/payments": "worker_write",
    "GET /workers/{worker_id}/payments": "worker_read:payments",
    "GET /training/courses": "training_staff",
    "POST /training/courses": "course_create",
    "GET /training/cohorts": "training_staff",
    "POST /training/cohorts": "training_provider",
    "POST /training/enrolments": "training_enrol",
    "GET /training/enrolments/{enrolment_id}": "certificate_read",
    "POST /training/enrolments/{enrolment_id}/drop": "enrolment_drop",
    "POST /training/attendance": "training_provider",
    "POST /training/enrolments/{enrolment_id}/result": "enrolment_write",
    "POST /training/enrolments/{enrolment_id}/completion": "enrolment_write",
    "POST /training/enrolments/{enrolment_id}/certificate": "enrolment_write",
    "GET /training/certificates/{certificate_id}": "certificate_read",
    "GET /training/certificates/{certificate_id}/pdf": "certificate_read",
    "POST /training/certificates/{certificate_id}/revocation": "enrolment_write",
    "GET /training/verify/{code}": "public",
    "GET /support/services": "referral_staff",
    "POST /support/services": "service_create",
    "GET /support/services/{service_id}": "service_read",
    "POST /support/referrals": "worker_write",
    "GET /support/referrals": "referral_api_list",
    "GET /support/referrals/received": "referral_api_list",
    "GET /support/referrals/received/{referral_id}": "referral_received",
    "GET /support/referrals/{referral_id}": "referral_sent",
    "POST /support/referrals/{referral_id}/status": "referral_received",
    "POST /support/referrals/{referral_id}/outcome": "referral_received",
    "POST /support/referrals/{referral_id}/feedback": "referral_feedback",
    "GET /support/groups": "referral_api_list",
    "POST /support/groups": "group_create",
    "GET /support/groups/{group_id}": "group_member",
    "POST /support/groups/{group_id}/members": "group_member",
    "GET /support/groups/{group_id}/meetings": "group_member",
    "POST /support/groups/{group_id}/meetings": "group_member",
    "GET /support/meetings/{meeting_id}": "group_member",
    "POST /support/meetings/{meeting_id}/needs": "group_member",
    "POST /complaints/public": "public",
    "GET /complaints/track/{code}": "public",
    "GET /complaints": "scoped",
    "GET /complaints/{complaint_id}": "complaint_api",
    "POST /complaints/{complaint_id}/assign": "complaint_handler",
    "POST /complaints/{complaint_id}/status": "complaint_handler",
    "GET /complaints/{complaint_id}/messages": "complaint_api",
    "POST /complaints/{complaint_id}/messages": "complaint_api",
    "GET /programmes": "programme_read",
    "GET /programmes/{code}": "programme_read",
    "GET /programmes/{code}/indicators": "programme_read",
    "GET /programmes/{code}/indicators/{indicator_id}/results": "programme_read",
    "POST /programmes/{code}/indicators/{indicator_id}/results": "programme_write",
    "GET /programmes/{code}/iati.xml": "programme_read",
    "GET /insights/dashboard": "aggregates",
    "GET /insights/dashboard/{key}": "aggregates",
    "GET /insights/metrics/{key}": "aggregates",
}
