"""A plausible, valid body for each write, so that an allowed role would succeed.

For refused roles the body must not matter: the same body is sent to every role. Keys are a
page's URL name or an API operation ("METHOD /path"); a write without an entry sends {}.
"""

import datetime
from collections.abc import Callable
from typing import Any

from corridor.core.tests.matrix.world import World

TODAY = datetime.date.today()
SOON = (TODAY + datetime.timedelta(days=30)).isoformat()


def _o(world: World, key: str) -> Any:
    return world.objects[key]


def _worker_form(world: World) -> dict[str, Any]:
    return {
        "family_name": "Новиков",
        "given_name": "Азиз",
        "sex": "M",
        "birth_date": "1996-05-01",
        "citizenship": "UZ",
        "phone": "+998901119999",
        "lang-TOTAL_FORMS": "0",
        "lang-INITIAL_FORMS": "0",
        "occ-TOTAL_FORMS": "0",
        "occ-INITIAL_FORMS": "0",
    }


def _vacancy_form(world: World) -> dict[str, Any]:
    return {
        "title": "Matrix welder (new)",
        "isco": "7212",
        "employer": str(world.organisations["employer_1"].pk),
        "region": "RU-MOW",
        "places": "2",
        "wage_min": "90000",
        "wage_max": "110000",
        "hours_per_week": "40",
        "schedule": "full_time",
        "contract_months": "12",
        "housing": "free",
        "housing_cost_rub": "0",
        "meals": "none",
        "transport": "none",
        "min_experience_years": "0",
        "status": "open",
        "lang-TOTAL_FORMS": "0",
        "lang-INITIAL_FORMS": "0",
    }


def _complaint_form(world: World) -> dict[str, Any]:
    return {
        "complainant_relation": "worker",
        "category": "unpaid_wages",
        "description": "Matrix: no wages for a month.",
        "confidentiality": "normal",
        "complainant_name": "Алишер",
        "complainant_contact": "+998901110000",
    }


def _referral_reason(world: World) -> str:
    return "Matrix: legal advice on registration"


def _programme_form(world: World, code: str, organisation: str) -> dict[str, Any]:
    return {
        "code": code,
        "title": "Matrix programme",
        "period_start": "2024-01-01",
        "status": "implementation",
        "reporting_organisation": str(world.organisations[organisation].pk),
    }


PAGE_BODIES: dict[str, Callable[[World], dict[str, Any]]] = {
    "set_language": lambda w: {"language": "en", "next": "/"},
    "accounts:login": lambda w: {"username": "nobody@example.org", "password": "wrong"},
    "accounts:organisation_create": lambda w: {
        "name": "Matrix new",
        "type": "ngo",
        "country": "UZ",
    },
    "accounts:organisation_edit": lambda w: {
        "name": "Matrix Centre A renamed",
        "type": "employment_centre",
        "country": "UZ",
        "is_active": "on",
    },
    "accounts:users": lambda w: {
        "email": "matrix-new@example.org",
        "organisation": str(w.organisations["centre_a"].pk),
        "role": "caseworker",
        "password": "a-long-matrix-password-1",
    },
    "people:create": _worker_form,
    "people:my_record": lambda w: {
        "purpose": "messages",
        "is_given": "1",
        "method": "self_service",
    },
    "people:edit": lambda w: {**_worker_form(w), "family_name": "Матрицаев", "given_name": "Тимур"},
    "people:stage": lambda w: {"stage": "departed", "reason": "Matrix: left for Moscow"},
    "people:stage_correct": lambda w: {"stage": "registered", "reason": "Matrix: typed in error"},
    "people:consent": lambda w: {
        "purpose": "messages",
        "is_given": "1",
        "method": "signed_form",
    },
    "people:document_add": lambda w: {
        "type": "national_id",
        "number": "MX0000001",
        "issuing_country": "UZ",
        "expiry_date": SOON,
    },
    "people:sign_in_code": lambda w: {"agreed": "on", "consent_method": "signed_form"},
    "people:sign_in": lambda w: {"phone": "+998901112233", "code": "0000 0000"},
    "portal:answer": lambda w: {"accept": "yes"},
    "portal:report_fee": lambda w: {
        "description": "Matrix: asked to pay for the job.",
        "confidentiality": "confidential",
    },
    "portal:settings": lambda w: {
        "phone": "+998901117777",
        "messenger_handle": "@matrix_self",
        "language": "en",
    },
    "portal:register": lambda w: {
        **{k: v for k, v in _worker_form(w).items() if "-" not in k},
        "centre": str(w.organisations["centre_a"].pk),
        "consent_registration": "on",
    },
    "people:family_add": lambda w: {"relation": "spouse", "full_name": "Матрицаева Гулнора"},
    "people:grant_add": lambda w: {
        # A case transfer goes to another employment centre (people.services.RECEIVERS_FOR_GRANT).
        "organisation": str(w.organisations["centre_b"].pk),
        "purpose": "transfer",
        "reason": "Matrix: case transfer",
    },
    "people:grant_revoke": lambda w: {"reason": "Matrix: no longer needed"},
    "accounts:token_create": lambda w: {"name": "Matrix", "lifetime_days": "30"},
    "accounts:token_revoke": lambda w: {},
    "identity:pair": lambda w: {"action": "not_same"},
    "occupations:confirm": lambda w: {"isco": "7212"},
    "recruitment:vacancy_create": _vacancy_form,
    "recruitment:vacancy_edit": lambda w: {**_vacancy_form(w), "title": "Matrix welder"},
    "recruitment:put_forward": lambda w: {"worker": str(w.workers["WB"].pk), "reason": "Matrix"},
    # A step every side of the application may take (decision 11): the employer rejects too.
    "recruitment:application_move": lambda w: {"status": "rejected", "reason": "Matrix"},
    "recruitment:application_offer": lambda w: {
        "wage_rub": "96000",
        "hours_per_week": "40",
        "housing": "free",
    },
    "recruitment:contract_arrival": lambda w: {
        "wage_rub": "95000",
        "hours_per_week": "40",
        "housing": "free",
        "isco": "7212",
    },
    "recruitment:job_profile": lambda w: {"preferred_regions": "RU-MOW", "accepts_rotation": "on"},
    "recruitment:payment_add": lambda w: {
        "payee_type": "recruiter",
        "payee_organisation": str(w.organisations["recruiter_1"].pk),
        "purpose": "medical",
        "amount": "1500",
        "currency": "RUB",
        "paid_on": TODAY.isoformat(),
    },
    "recruitment:employer_status": lambda w: {"status": "blocked", "reason": "Matrix"},
    "training:course_create": lambda w: {
        "provider": str(w.organisations["partner_1"].pk),
        "title": "Matrix course 2",
        "type": "vocational",
        "isco": "7212",
        "hours": "20",
        "language": "ru",
        "payer": "programme",
    },
    "training:course_edit": lambda w: {
        "provider": str(w.organisations["provider"].pk),
        "title": "Matrix welding course",
        "type": "russian_exam",
        "hours": "36",
        "language": "ru",
        "payer": "programme",
    },
    "training:cohort_create": lambda w: {
        "start_date": SOON,
        "end_date": (TODAY + datetime.timedelta(days=40)).isoformat(),
        "place": "Ташкент",
        "capacity": "10",
    },
    "training:cohort_edit": lambda w: {
        "start_date": (TODAY - datetime.timedelta(days=10)).isoformat(),
        "end_date": (TODAY + datetime.timedelta(days=10)).isoformat(),
        "place": "Ташкент, ул. Нукус, 23",
        "capacity": "12",
    },
    "training:enrol": lambda w: {"worker": w.workers["D1"].reference},
    "training:drop": lambda w: {"reason": "Matrix"},
    "training:result": lambda w: {"score": "90", "outcome": "passed"},
    "training:revoke": lambda w: {"reason": "Matrix: issued in error"},
    "support:service_create": lambda w: {
        "organisation": str(w.organisations["partner_1"].pk),
        "name": "Matrix service 2",
        "category": "legal_aid",
    },
    "support:service_edit": lambda w: {
        "organisation": str(w.organisations["partner_1"].pk),
        "name": "Matrix legal advice",
        "category": "legal_aid",
        "is_active": "on",
    },
    "support:referral_cancel": lambda w: {"note": "Matrix: solved elsewhere"},
    "support:referral_feedback": lambda w: {"rating": "5", "comment": "Matrix"},
    "support:received_move": lambda w: {"status": "in_progress", "note": "Matrix"},
    "support:received_outcome": lambda w: {"outcome": "Matrix: advice given"},
    "support:refer": lambda w: {
        "service": str(_o(w, "service").pk),
        "reason": _referral_reason(w),
    },
    "support:group_create": lambda w: {
        "name": "Matrix group 2",
        "organisation": str(w.organisations["centre_a"].pk),
        "country": "UZ",
    },
    "support:member_add": lambda w: {"reference": w.workers["X"].reference},
    "support:member_leave": lambda w: {},
    "support:meeting_create": lambda w: {"held_on": TODAY.isoformat(), "topics": "Matrix"},
    "support:raise_need": lambda w: {
        "member": str(_o(w, "group_member").pk),
        "service": str(_o(w, "service").pk),
        "reason": _referral_reason(w),
    },
    "grievances:file": _complaint_form,
    "grievances:track_lookup": lambda w: {"code": _o(w, "complaint").tracking_code},
    "grievances:mine_new": _complaint_form,
    "grievances:file_on_behalf": lambda w: {
        **_complaint_form(w),
        "complainant_relation": "family",
        "complainant_name": "Гулнора",
    },
    "grievances:status": lambda w: {"status": "in_review"},
    "grievances:message": lambda w: {"kind": "note", "text": "Matrix"},
    # MATRIX-1 is the programme office's; a new one is reported by the office too.
    "programmes:create": lambda w: _programme_form(w, "MATRIX-2", "office"),
    "programmes:edit": lambda w: {**_programme_form(w, "MATRIX-1", "office"), "title": "Renamed"},
    "programmes:funding_add": lambda w: {
        "funder": str(w.organisations["donor"].pk),
        "amount": "1000",
        "currency": "USD",
    },
    "programmes:indicator_add": lambda w: {"name": "Matrix", "unit": "number", "measure": "1"},
    "programmes:result_add": lambda w: {
        "indicator": str(_o(w, "indicator").pk),
        "period_start": "2025-01-01",
        "period_end": "2025-12-31",
        "value": "3",
        "evidence": "Matrix",
    },
}

API_BODIES: dict[str, Callable[[World], dict[str, Any]]] = {
    "POST /workers": lambda w: {
        "family_name": "Новиков",
        "given_name": "Азиз",
        "birth_date": "1996-05-01",
        "sex": "M",
        "citizenship": "UZ",
    },
    "PATCH /workers/{worker_id}": lambda w: {"phone": "+998901119998"},
    "POST /workers/{worker_id}/stage": lambda w: {
        "stage": "departed",
        "reason": "Matrix: left for Moscow",
    },
    "POST /workers/{worker_id}/stage/correction": lambda w: {
        "stage": "registered",
        "reason": "Matrix: typed in error",
    },
    "POST /workers/{worker_id}/consents": lambda w: {
        "purpose": "statistics",
        "given": True,
        "method": "signed_form",
    },
    "POST /workers/{worker_id}/occupations": lambda w: {"isco_code": "7212", "years": 6},
    "POST /workers/{worker_id}/documents": lambda w: {
        "type": "national_id",
        "number": "MX0000002",
        "issuing_country": "UZ",
        "expiry_date": SOON,
    },
    "POST /workers/{worker_id}/family": lambda w: {
        "relation": "spouse",
        "full_name": "Матрицаева Гулнора",
    },
    "POST /identity/pairs/{pair_id}/merge": lambda w: {"keep": str(w.workers["D1"].pk)},
    "POST /occupations/review/{coded_id}/confirm": lambda w: {"isco_code": "7212"},
    "POST /vacancies": lambda w: {
        "title": "Matrix welder (new)",
        "employer": str(w.organisations["employer_1"].pk),
        "isco_code": "7212",
        "region": "RU-MOW",
        "places": 2,
        "wage_min": 90000,
        "wage_max": 110000,
        "status": "open",
    },
    "PATCH /vacancies/{vacancy_id}": lambda w: {"places": 4},
    "PUT /workers/{worker_id}/job-profile": lambda w: {
        "preferred_regions": ["RU-MOW"],
        "accepts_rotation": True,
    },
    "POST /applications": lambda w: {
        "worker": str(w.workers["WB"].pk),
        "vacancy": str(_o(w, "vacancy").pk),
        "reason": "Matrix",
    },
    "POST /applications/{application_id}/move": lambda w: {
        "status": "rejected",
        "reason": "Matrix",
    },
    "POST /applications/{application_id}/offer": lambda w: {
        "wage_rub": 96000,
        "hours_per_week": 40,
        "housing": "free",
    },
    "POST /applications/{application_id}/contract/arrival": lambda w: {
        "wage_rub": 95000,
        "hours_per_week": 40,
        "housing": "free",
        "isco_code": "7212",
    },
    "POST /workers/{worker_id}/payments": lambda w: {
        "payee_type": "recruiter",
        "payee_organisation": str(w.organisations["recruiter_1"].pk),
        "purpose": "medical",
        "amount": 1500,
        "currency": "RUB",
        "paid_on": TODAY.isoformat(),
    },
    "POST /training/courses": lambda w: {
        "provider": str(w.organisations["partner_1"].pk),
        "title": "Matrix course 2",
        "type": "vocational",
        "isco_code": "7212",
        "hours": 20,
        "language": "ru",
    },
    "POST /training/cohorts": lambda w: {
        "course": str(_o(w, "course").pk),
        "start_date": SOON,
        "end_date": (TODAY + datetime.timedelta(days=40)).isoformat(),
        "place": "Ташкент",
        "capacity": 10,
    },
    "POST /training/enrolments": lambda w: {
        "cohort": str(_o(w, "cohort").pk),
        "worker": str(w.workers["D1"].pk),
    },
    "POST /training/enrolments/{enrolment_id}/drop": lambda w: {"reason": "Matrix"},
    "POST /training/attendance": lambda w: {
        "session": str(_o(w, "cohort").sessions.order_by("date").first().pk),
        "marks": [{"enrolment": str(_o(w, "enrolment").pk), "status": "present"}],
    },
    "POST /training/enrolments/{enrolment_id}/result": lambda w: {"score": 90, "passed": True},
    "POST /training/certificates/{certificate_id}/revocation": lambda w: {"reason": "Matrix"},
    "POST /support/services": lambda w: {
        "organisation": str(w.organisations["partner_1"].pk),
        "name": "Matrix service 2",
        "category": "legal_aid",
    },
    "POST /support/referrals": lambda w: {
        "worker": str(w.workers["W"].pk),
        "service": str(_o(w, "service").pk),
        "reason": _referral_reason(w),
    },
    "POST /support/referrals/{referral_id}/status": lambda w: {"status": "in_progress"},
    "POST /support/referrals/{referral_id}/outcome": lambda w: {"outcome": "Matrix: advice"},
    "POST /support/referrals/{referral_id}/feedback": lambda w: {"rating": 5},
    "POST /support/groups": lambda w: {
        "organisation": str(w.organisations["centre_a"].pk),
        "name": "Matrix group 2",
        "country": "UZ",
    },
    "POST /support/groups/{group_id}/members": lambda w: {"worker": str(w.workers["X"].pk)},
    "POST /support/groups/{group_id}/meetings": lambda w: {
        "held_on": TODAY.isoformat(),
        "topics": "Matrix",
    },
    "POST /support/meetings/{meeting_id}/needs": lambda w: {
        "member": str(_o(w, "group_member").pk),
        "service": str(_o(w, "service").pk),
        "reason": _referral_reason(w),
    },
    "POST /complaints/public": lambda w: {
        "category": "unpaid_wages",
        "description": "Matrix: no wages for a month.",
    },
    "POST /complaints/{complaint_id}/assign": lambda w: {"handler": None},
    "POST /complaints/{complaint_id}/status": lambda w: {"status": "in_review"},
    "POST /complaints/{complaint_id}/messages": lambda w: {"text": "Matrix: any news?"},
    "POST /programmes/{code}/indicators/{indicator_id}/results": lambda w: {
        "period_start": "2025-01-01",
        "period_end": "2025-12-31",
        "value": 3,
        "evidence": "Matrix",
    },
}


# Query strings of reads that need one (a search term, the person to look for).
def _person_query(world: World) -> dict[str, Any]:
    worker = world.workers["W"]
    return {
        "family_name": worker.family_name,
        "given_name": worker.given_name,
        "birth_date": worker.birth_date.isoformat(),
        "sex": worker.sex,
        "citizenship": worker.citizenship_id,
    }


QUERIES: dict[str, Callable[[World], dict[str, Any]]] = {
    "GET /occupations/code": lambda w: {"q": "сварщик"},
    "GET /identity/duplicates": _person_query,
    "identity:duplicates": _person_query,
}


# Searches, filters and autocompletes run again with the names and references of W (centre A)
# and WB (centre B) typed in: each role's answer may hold only the workers it may see.
def _typed(key: str, worker: str, field: str) -> tuple[str, Callable[[World], dict[str, Any]]]:
    return (
        f"{key}={worker}.{field}",
        lambda w: {key: str(getattr(w.workers[worker], field))},
    )


def _searches_by_name_and_reference(key: str) -> list:
    return [
        _typed(key, worker, field)
        for worker in ("W", "WB")
        for field in ("family_name", "reference")
    ]


SEARCHES: dict[str, list[tuple[str, Callable[[World], dict[str, Any]]]]] = {
    "people:list": _searches_by_name_and_reference("q"),
    "GET /workers": _searches_by_name_and_reference("q"),
    "people:export": _searches_by_name_and_reference("q"),
    "GET /applications": [_typed("worker", "W", "pk"), _typed("worker", "WB", "pk")],
    "support:family_options": [
        _typed("reference", "W", "reference"),
        _typed("reference", "WB", "reference"),
    ],
    "GET /identity/duplicates": [
        ("person=WB", lambda w: {**_person_query(w), "family_name": w.workers["WB"].family_name,
                                 "given_name": w.workers["WB"].given_name,
                                 "citizenship": "TJ"}),
    ],
}  # fmt: skip
