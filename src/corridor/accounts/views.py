"""Login, organisation and user management, and the audit log for administrators."""

import uuid
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from corridor.accounts import services, two_factor
from corridor.accounts.forms import CodeForm, LoginForm, NewTokenForm, NewUserForm, OrganisationForm
from corridor.accounts.models import ApiToken, Notification, Organisation, User
from corridor.accounts.requests import signed_in_user
from corridor.accounts.roles import Permission
from corridor.core.audit import Actor
from corridor.core.clients import client_ip
from corridor.core.forms import form_status, submit
from corridor.core.models import AuditAction, AuditEvent
from corridor.core.scoping import get_for_user_or_404


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        # Whoever has an authenticator gives its code before going on, required or not.
        if two_factor.authenticator_of(form.get_user()) is not None:
            self.request.session[two_factor.PENDING_SESSION_KEY] = True
        step = two_factor.pending_step(self.request)
        if step is None:
            return response
        return redirect(reverse(step) + "?" + urlencode({"next": self.get_success_url()}))


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's reset form; a password set through the mailed link also lifts the account's
    sign-in pause, or whoever paused it with wrong passwords could keep its owner out."""

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.lift_login_pause(
            actor=Actor(user=form.user, ip_address=client_ip(self.request)),
            user=form.user,
            reason="password reset",
        )
        return response


def locked_out_view(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any
) -> HttpResponse:
    """What django-axes answers while signing in is paused (settings.AXES_LOCKOUT_CALLABLE)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"cooloff_minutes": minutes}, status=429)


def _require(request: HttpRequest, permission: Permission) -> User:
    user = signed_in_user(request)
    if not user.has_any_perm(permission):
        raise PermissionDenied
    return user


def _account_page(
    request: HttpRequest, form: NewTokenForm, *, new_token: str = "", status: int = 200
) -> HttpResponse:
    user = signed_in_user(request)
    return render(
        request,
        "accounts/account.html",
        {
            "memberships": user.active_memberships,
            "tokens": ApiToken.objects.filter(user=user),
            "form": form,
            "new_token": new_token,
        },
        status=status,
    )


@login_required
def account_view(request: HttpRequest) -> HttpResponse:
    """The user's own account: memberships and API tokens."""
    return _account_page(request, NewTokenForm())


@login_required
@require_POST
def token_create_view(request: HttpRequest) -> HttpResponse:
    form = NewTokenForm(request.POST)

    def issue(data: dict[str, Any]) -> str:
        _, raw = services.issue_token(
            actor=Actor.from_request(request),
            user=signed_in_user(request),
            name=data["name"],
            lifetime_days=data["lifetime_days"],
        )
        return raw

    if (done := submit(request, form, issue)).ok:
        # Shown in this answer only: never put in a message or the session, never cached.
        response = _account_page(request, NewTokenForm(), new_token=done.result, status=201)
        response["Cache-Control"] = "no-store"
        return response
    return _account_page(request, form, status=form_status(request))


@login_required
@require_POST
def token_revoke_view(request: HttpRequest, token_id: uuid.UUID) -> HttpResponse:
    token = get_object_or_404(ApiToken.objects.filter(user=request.user), pk=token_id)  # type: ignore[misc]
    services.revoke_token(actor=Actor.from_request(request), token=token)
    messages.success(request, _("Token revoked."))
    return redirect("accounts:account")


@login_required
def organisation_list_view(request: HttpRequest) -> HttpResponse:
    user = _require(request, Permission.MANAGE_USERS)
    organisations = Organisation.objects.administered_by(user, Permission.MANAGE_USERS)
    return render(
        request,
        "accounts/organisation_list.html",
        {
            "organisations": organisations.order_by("type", "name"),
            "may_manage": services.may_create_organisations(user),
        },
    )


@login_required
def organisation_edit_view(
    request: HttpRequest, organisation_id: uuid.UUID | None = None
) -> HttpResponse:
    user = _require(request, Permission.MANAGE_ORGANISATIONS)
    if organisation_id is None:
        if not services.may_create_organisations(user):
            raise PermissionDenied
        organisation = None
    else:
        organisation = get_object_or_404(
            Organisation.objects.administered_by(user), pk=organisation_id
        )
    form = OrganisationForm(
        request.POST or None,
        instance=organisation,
        editable=services.editable_organisation_fields(user),
    )

    def save(data: dict[str, Any]) -> Organisation:
        return services.save_organisation(
            actor=Actor.from_request(request, organisation_id),
            organisation=form.save(commit=False),
        )

    if (done := submit(request, form, save)).ok:
        messages.success(request, _("Organisation saved."))
        return redirect("accounts:organisation", done.result.pk)
    return render(
        request,
        "accounts/organisation_form.html",
        {"form": form, "organisation": organisation},
        status=form_status(request),
    )


@login_required
def organisation_view(request: HttpRequest, organisation_id: uuid.UUID) -> HttpResponse:
    user = _require(request, Permission.MANAGE_USERS)
    organisation = get_object_or_404(
        Organisation.objects.administered_by(user, Permission.MANAGE_USERS), pk=organisation_id
    )
    members = organisation.memberships.select_related("user").order_by("user__email")
    may_edit = Organisation.objects.administered_by(user).filter(pk=organisation.pk).exists()
    return render(
        request,
        "accounts/organisation_detail.html",
        {"organisation": organisation, "members": members, "may_edit": may_edit},
    )


@login_required
def user_list_view(request: HttpRequest) -> HttpResponse:
    user = _require(request, Permission.MANAGE_USERS)
    organisations = Organisation.objects.administered_by(user, Permission.MANAGE_USERS)
    form = NewUserForm(request.POST or None, organisations=organisations)
    if submit(
        request, form, lambda data: services.create_user(actor=Actor.from_request(request), **data)
    ).ok:
        messages.success(request, _("User created."))
        return redirect("accounts:users")
    users = (
        User.objects.filter(memberships__organisation__in=organisations)
        .distinct()
        .annotate(
            has_second_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
        )
        .prefetch_related("memberships__organisation")
        .order_by("email")
    )
    return render(
        request,
        "accounts/user_list.html",
        {"users": users, "form": form},
        status=form_status(request),
    )


@login_required
def audit_log_view(request: HttpRequest) -> HttpResponse:
    user = _require(request, Permission.VIEW_AUDIT)
    events = AuditEvent.objects.for_auditor(
        user.organisation_ids_with(Permission.VIEW_AUDIT),
        sees_everything=user.in_programme_office_with(Permission.VIEW_AUDIT),
    ).select_related("actor")
    action = request.GET.get("action", "")
    if action in AuditAction.values:
        events = events.filter(action=action)
    else:
        action = ""
    worker_id = None
    try:
        if worker := request.GET.get("worker", ""):
            worker_id = uuid.UUID(worker)
            events = events.filter(worker_id=worker_id)
    except ValueError:
        messages.error(request, _("That is not a worker id."))
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    response = render(
        request,
        "accounts/audit_log.html",
        {"page": page, "actions": AuditAction.choices, "action": action},
    )
    # Recorded once the page is drawn, so the read does not list itself.
    services.record_audit_log_read(
        actor=Actor.from_request(request), action=action, worker_id=worker_id, page=page.number
    )
    return response


# The second factor: enrol, sign in with it, recovery codes, remove or reset it.


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("web:home")


def _menu_while_pending(request: HttpRequest) -> dict[str, Any]:
    # A session that still owes its second factor opens nothing the menu offers: no menu.
    return {"nav": {}} if two_factor.pending_step(request) is not None else {}


def _recovery_codes_page(request: HttpRequest, codes: list[str]) -> HttpResponse:
    # Shown in this answer only, like a new API token: never stored readable, never cached.
    response = render(
        request,
        "accounts/recovery_codes.html",
        {"codes": codes, "next": _next_url(request)},
        status=201,
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def two_factor_view(request: HttpRequest) -> HttpResponse:
    """The user's second factor: set one up (QR code, confirmed by a code), or see it, renew
    the recovery codes and remove it."""
    user = signed_in_user(request)
    if two_factor.authenticator_of(user) is not None:
        if two_factor.pending_step(request) == two_factor.VERIFY_PAGE:
            return redirect(reverse(two_factor.VERIFY_PAGE) + "?" + request.GET.urlencode())
        if request.method == "POST":
            messages.info(request, _("You already have an authenticator app."))
            return redirect("accounts:two_factor")
        return render(
            request,
            "accounts/two_factor.html",
            {
                "remaining": two_factor.remaining_recovery_codes(user),
                "form": CodeForm(),
                "required": two_factor.is_required_for(user),
            },
        )
    secret = two_factor.enrolment_secret(request)
    form = CodeForm(request.POST or None)
    done = submit(
        request,
        form,
        lambda data: two_factor.confirm_enrolment(
            actor=Actor.from_request(request), secret=secret, code=data["code"]
        ),
    )
    if done.ok and done.result is not None:
        request.session.pop(two_factor.ENROLMENT_SESSION_KEY, None)
        device = two_factor.authenticator_of(user)
        if device is not None:
            two_factor.sign_in_with(request, device)
        return _recovery_codes_page(request, done.result)
    uri = two_factor.otpauth_uri(user=user, secret=secret)
    response = render(
        request,
        "accounts/two_factor_enrol.html",
        {
            "form": form,
            "qr_code": mark_safe(two_factor.qr_code_svg(uri)),
            "secret": two_factor.grouped(secret),
            "required": two_factor.is_required_for(user),
            "next": _next_url(request),
            **_menu_while_pending(request),
        },
        status=form_status(request),
    )
    response["Cache-Control"] = "no-store"  # the page shows the secret
    return response


@login_required
def two_factor_verify_view(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code of the app, or a recovery code."""
    step = two_factor.pending_step(request)
    if step != two_factor.VERIFY_PAGE:
        if step is None:
            return redirect(_next_url(request))
        return redirect(reverse(step) + "?" + urlencode({"next": _next_url(request)}))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor.check_sign_in_code(
            actor=Actor.from_request(request), code=form.cleaned_data["code"]
        )
        if device is not None:
            two_factor.sign_in_with(request, device)
            return redirect(_next_url(request))
        form.add_error(
            "code", _("That code is not right, or it was used already. Wait for the next one.")
        )
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": _next_url(request), **_menu_while_pending(request)},
        status=form_status(request),
    )


@login_required
@require_POST
def recovery_codes_view(request: HttpRequest) -> HttpResponse:
    try:
        codes = two_factor.regenerate_recovery_codes(actor=Actor.from_request(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("accounts:two_factor")
    return _recovery_codes_page(request, codes)


@login_required
@require_POST
def two_factor_remove_view(request: HttpRequest) -> HttpResponse:
    """Remove one's own second factor, confirmed with a current code."""
    user = signed_in_user(request)
    form = CodeForm(request.POST)
    if two_factor.authenticator_of(user) is None:
        messages.error(request, _("You have no authenticator app to remove."))
        return redirect("accounts:two_factor")
    done = submit(
        request,
        form,
        lambda data: two_factor.remove_own_second_factor(
            actor=Actor.from_request(request), code=data["code"]
        ),
    )
    if done.ok:
        messages.success(request, _("Your authenticator app and recovery codes were removed."))
        return redirect("accounts:two_factor")
    return render(
        request,
        "accounts/two_factor.html",
        {
            "remaining": two_factor.remaining_recovery_codes(user),
            "form": form,
            "required": two_factor.is_required_for(user),
        },
        status=422,
    )


@login_required
@require_POST
def member_two_factor_reset_view(request: HttpRequest, user_id: uuid.UUID) -> HttpResponse:
    """An administrator resets a member's second factor (a lost phone); 404 for a user outside
    the organisations they manage."""
    user = _require(request, Permission.MANAGE_USERS)
    member = get_object_or_404(two_factor.members_administered_by(user), pk=user_id)
    organisation = member.memberships.filter(
        organisation__in=Organisation.objects.administered_by(user, Permission.MANAGE_USERS)
    ).first()
    two_factor.reset_member_second_factor(
        actor=Actor.from_request(request, organisation.organisation_id if organisation else None),
        member=member,
    )
    messages.success(
        request,
        _("The second factor of %(user)s was reset: they set up a new one at their next sign-in.")
        % {"user": member.label},
    )
    return redirect("accounts:users")


@login_required
def reminder_list_view(request: HttpRequest) -> HttpResponse:
    """The user's reminders and warnings, newest first, 50 a page."""
    page = Paginator(Notification.objects.for_user(request.user), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "accounts/reminder_list.html", {"page": page})


@login_required
def reminder_view(request: HttpRequest, notification_id: uuid.UUID) -> HttpResponse:
    """One reminder, marked read when its recipient opens it; 404 for anyone else."""
    notification = get_for_user_or_404(Notification.objects.all(), request.user, pk=notification_id)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return render(request, "accounts/reminder.html", {"notification": notification})
