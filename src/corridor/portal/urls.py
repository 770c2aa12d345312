from django.urls import path

from corridor.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home_view, name="home"),
    path("jobs/", views.jobs_view, name="jobs"),
    path("jobs/<uuid:vacancy_id>/interest/", views.interest_view, name="interest"),
    path("applications/", views.applications_view, name="applications"),
    path("applications/<uuid:application_id>/answer/", views.answer_offer_view, name="answer"),
    path("applications/<uuid:application_id>/contract/", views.contract_view, name="contract"),
    path("payments/", views.fees_view, name="fees"),
    path("payments/<uuid:payment_id>/report/", views.report_fee_view, name="report_fee"),
    path("certificates/", views.certificates_view, name="certificates"),
    path("data/", views.data_view, name="data"),
    path("data.json", views.data_json_view, name="data_json"),
    path("data.pdf", views.data_pdf_view, name="data_pdf"),
    path("settings/", views.settings_view, name="settings"),
    path("register/", views.register_view, name="register"),
]
