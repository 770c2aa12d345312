from django.urls import path

from corridor.recruitment import views

app_name = "recruitment"

urlpatterns = [
    path("vacancies/", views.vacancy_list_view, name="vacancies"),
    path("vacancies/new/", views.vacancy_create_view, name="vacancy_create"),
    path("vacancies/<uuid:vacancy_id>/", views.vacancy_detail_view, name="vacancy"),
    path("vacancies/<uuid:vacancy_id>/edit/", views.vacancy_edit_view, name="vacancy_edit"),
    path(
        "vacancies/<uuid:vacancy_id>/put-forward/",
        views.put_forward_view,
        name="put_forward",
    ),
    path(
        "applications/<uuid:application_id>/",
        views.application_detail_view,
        name="application",
    ),
    path(
        "applications/<uuid:application_id>/move/",
        views.move_view,
        name="application_move",
    ),
    path(
        "applications/<uuid:application_id>/offer/",
        views.offer_view,
        name="application_offer",
    ),
    path(
        "applications/<uuid:application_id>/contract/",
        views.generate_contract_view,
        name="contract_generate",
    ),
    path(
        "applications/<uuid:application_id>/contract.pdf",
        views.contract_pdf_view,
        name="contract_pdf",
    ),
    path(
        "applications/<uuid:application_id>/contract/received/",
        views.contract_received_view,
        name="contract_received",
    ),
    path(
        "applications/<uuid:application_id>/contract/arrival/",
        views.arrival_view,
        name="contract_arrival",
    ),
    path("workers/<uuid:worker_id>/jobs/", views.worker_jobs_view, name="worker_jobs"),
    path(
        "workers/<uuid:worker_id>/jobs/profile/",
        views.job_profile_view,
        name="job_profile",
    ),
    path(
        "workers/<uuid:worker_id>/jobs/payments/",
        views.payment_view,
        name="payment_add",
    ),
    path(
        "organisations/<uuid:organisation_id>/record/",
        views.organisation_record_view,
        name="organisation_record",
    ),
    path(
        "organisations/<uuid:organisation_id>/record/status/",
        views.employer_status_view,
        name="employer_status",
    ),
]
