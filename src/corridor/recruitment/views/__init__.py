"""Recruitment pages: vacancies, matches, applications through to the contract, a worker's jobs
and fee ledger, and the record of recruiters and employers. Thin: they parse, call a service or
a query, and render."""

from corridor.recruitment.views.applications import (
    application_detail_view,
    move_view,
    offer_view,
)
from corridor.recruitment.views.contracts import (
    arrival_view,
    contract_pdf_view,
    contract_received_view,
    generate_contract_view,
)
from corridor.recruitment.views.jobs import job_profile_view, payment_view, worker_jobs_view
from corridor.recruitment.views.records import employer_status_view, organisation_record_view
from corridor.recruitment.views.vacancies import (
    put_forward_view,
    vacancy_create_view,
    vacancy_detail_view,
    vacancy_edit_view,
    vacancy_list_view,
)

__all__ = [
    "application_detail_view",
    "arrival_view",
    "contract_pdf_view",
    "contract_received_view",
    "employer_status_view",
    "generate_contract_view",
    "job_profile_view",
    "move_view",
    "offer_view",
    "organisation_record_view",
    "payment_view",
    "put_forward_view",
    "vacancy_create_view",
    "vacancy_detail_view",
    "vacancy_edit_view",
    "vacancy_list_view",
    "worker_jobs_view",
]
