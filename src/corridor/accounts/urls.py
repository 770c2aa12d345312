from django.contrib.auth import views as auth_views
from django.urls import path

from corridor.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("organisations/", views.organisation_list_view, name="organisations"),
    path("organisations/new/", views.organisation_edit_view, name="organisation_create"),
    path("organisations/<uuid:organisation_id>/", views.organisation_view, name="organisation"),
    path(
        "organisations/<uuid:organisation_id>/edit/",
        views.organisation_edit_view,
        name="organisation_edit",
    ),
    path("users/", views.user_list_view, name="users"),
    path("me/", views.account_view, name="account"),
    path("me/tokens/", views.token_create_view, name="token_create"),
    path("me/tokens/<uuid:token_id>/revoke/", views.token_revoke_view, name="token_revoke"),
    path("audit/", views.audit_log_view, name="audit"),
    path("reminders/", views.reminder_list_view, name="reminders"),
    path("reminders/<uuid:notification_id>/", views.reminder_view, name="reminder"),
]
