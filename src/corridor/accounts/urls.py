from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from corridor.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # A reset changes the password only: the authenticator stays and the user is not signed
    # in by it, so the next sign-in still asks for the second factor.
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(
            template_name="accounts/password_reset_form.html",
            email_template_name="accounts/password_reset_email.txt",
            subject_template_name="accounts/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
            post_reset_login=False,
        ),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
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
    path("me/two-factor/", views.two_factor_view, name="two_factor"),
    path("me/two-factor/verify/", views.two_factor_verify_view, name="two_factor_verify"),
    path("me/two-factor/recovery-codes/", views.recovery_codes_view, name="recovery_codes"),
    path("me/two-factor/remove/", views.two_factor_remove_view, name="two_factor_remove"),
    path(
        "users/<uuid:user_id>/two-factor/reset/",
        views.member_two_factor_reset_view,
        name="member_two_factor_reset",
    ),
    path("reminders/", views.reminder_list_view, name="reminders"),
    path("reminders/<uuid:notification_id>/", views.reminder_view, name="reminder"),
]
