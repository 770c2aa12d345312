from django.urls import path

from corridor.people import views

app_name = "people"

urlpatterns = [
    path("", views.worker_list_view, name="list"),
    path("new/", views.worker_create_view, name="create"),
    path("export.csv", views.worker_export_view, name="export"),
    path("me/", views.my_record_view, name="my_record"),
    path("sign-in/", views.worker_sign_in_view, name="sign_in"),
    path("isco-options/", views.isco_options_view, name="isco_options"),
    path("<uuid:worker_id>/", views.worker_detail_view, name="worker"),
    path("<uuid:worker_id>/edit/", views.worker_edit_view, name="edit"),
    path("<uuid:worker_id>/stage/", views.stage_view, name="stage"),
    path("<uuid:worker_id>/stage/correct/", views.stage_correction_view, name="stage_correct"),
    path("<uuid:worker_id>/consent/", views.consent_view, name="consent"),
    path("<uuid:worker_id>/documents/", views.document_view, name="document_add"),
    path(
        "<uuid:worker_id>/documents/<uuid:document_id>/file/",
        views.document_file_view,
        name="document_file",
    ),
    path("<uuid:worker_id>/family/", views.family_view, name="family_add"),
    path("<uuid:worker_id>/sign-in-code/", views.sign_in_code_view, name="sign_in_code"),
    path(
        "<uuid:worker_id>/confirm-registration/",
        views.confirm_registration_view,
        name="confirm_registration",
    ),
    path("<uuid:worker_id>/share/", views.grant_view, name="grant_add"),
    path(
        "<uuid:worker_id>/share/<uuid:grant_id>/end/", views.revoke_grant_view, name="grant_revoke"
    ),
]
