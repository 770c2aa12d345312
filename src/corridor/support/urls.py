from django.urls import path

from corridor.support import views

app_name = "support"

urlpatterns = [
    path("services/", views.catalogue_view, name="services"),
    path("services/new/", views.service_create_view, name="service_create"),
    path("services/<uuid:service_id>/edit/", views.service_edit_view, name="service_edit"),
    path("referrals/", views.referral_list_view, name="referrals"),
    path("referrals/<uuid:referral_id>/", views.referral_detail_view, name="referral"),
    path(
        "referrals/<uuid:referral_id>/cancel/",
        views.referral_cancel_view,
        name="referral_cancel",
    ),
    path(
        "referrals/<uuid:referral_id>/feedback/",
        views.referral_feedback_view,
        name="referral_feedback",
    ),
    path("received/<uuid:referral_id>/", views.received_referral_view, name="received_referral"),
    path("received/<uuid:referral_id>/move/", views.received_move_view, name="received_move"),
    path(
        "received/<uuid:referral_id>/outcome/",
        views.received_outcome_view,
        name="received_outcome",
    ),
    path("workers/<uuid:worker_id>/refer/", views.refer_view, name="refer"),
    path("groups/", views.group_list_view, name="groups"),
    path("groups/new/", views.group_create_view, name="group_create"),
    path("groups/<uuid:group_id>/", views.group_detail_view, name="group"),
    path("groups/<uuid:group_id>/members/", views.member_add_view, name="member_add"),
    path(
        "groups/<uuid:group_id>/members/family/",
        views.family_options_view,
        name="family_options",
    ),
    path(
        "groups/<uuid:group_id>/members/<uuid:member_id>/leave/",
        views.member_leave_view,
        name="member_leave",
    ),
    path("groups/<uuid:group_id>/meetings/", views.meeting_create_view, name="meeting_create"),
    path("meetings/<uuid:meeting_id>/", views.meeting_detail_view, name="meeting"),
    path("meetings/<uuid:meeting_id>/need/", views.raise_need_view, name="raise_need"),
]
