from django.urls import path

from corridor.training import views

app_name = "training"

urlpatterns = [
    path("", views.course_list_view, name="courses"),
    path("courses/new/", views.course_create_view, name="course_create"),
    path("courses/<uuid:course_id>/", views.course_detail_view, name="course"),
    path("courses/<uuid:course_id>/edit/", views.course_edit_view, name="course_edit"),
    path(
        "courses/<uuid:course_id>/worker-payment/",
        views.worker_payment_view,
        name="worker_payment",
    ),
    path("courses/<uuid:course_id>/cohorts/new/", views.cohort_create_view, name="cohort_create"),
    path("cohorts/<uuid:cohort_id>/", views.cohort_detail_view, name="cohort"),
    path("cohorts/<uuid:cohort_id>/edit/", views.cohort_edit_view, name="cohort_edit"),
    path("cohorts/<uuid:cohort_id>/enrol/", views.enrol_view, name="enrol"),
    path("cohorts/<uuid:cohort_id>/attendance/", views.attendance_view, name="attendance"),
    path(
        "cohorts/<uuid:cohort_id>/certificates/",
        views.issue_certificates_view,
        name="issue_certificates",
    ),
    path("enrolments/<uuid:enrolment_id>/drop/", views.drop_view, name="drop"),
    path("enrolments/<uuid:enrolment_id>/result/", views.result_view, name="result"),
    path("enrolments/<uuid:enrolment_id>/complete/", views.complete_view, name="complete"),
    path(
        "certificates/<uuid:certificate_id>/pdf/",
        views.certificate_pdf_view,
        name="certificate_pdf",
    ),
    path("certificates/<uuid:certificate_id>/revoke/", views.revoke_view, name="revoke"),
    path("workers/<uuid:worker_id>/", views.worker_training_view, name="worker"),
]
