from django.urls import path

from corridor.grievances import views

app_name = "grievances"

urlpatterns = [
    path("", views.complaint_list_view, name="list"),
    path("new/", views.file_public_view, name="file"),
    path("track/", views.track_lookup_view, name="track_lookup"),
    path("track/<str:code>/", views.track_view, name="track"),
    path("mine/", views.my_complaints_view, name="mine"),
    path("mine/new/", views.my_complaint_new_view, name="mine_new"),
    path("mine/<uuid:complaint_id>/", views.my_complaint_view, name="mine_detail"),
    path("on-behalf/", views.file_on_behalf_view, name="file_on_behalf"),
    path("<uuid:complaint_id>/", views.complaint_detail_view, name="detail"),
    path("<uuid:complaint_id>/assign/", views.assign_view, name="assign"),
    path("<uuid:complaint_id>/status/", views.status_view, name="status"),
    path("<uuid:complaint_id>/messages/", views.message_view, name="message"),
    path(
        "<uuid:complaint_id>/attachments/<uuid:attachment_id>/",
        views.attachment_view,
        name="attachment",
    ),
]
