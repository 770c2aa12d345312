"""Login, organisation and user management, and the audit log for administrators."""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from corridor.accounts import services
from corridor.accounts.forms import LoginForm, NewTokenForm, NewUserForm, OrganisationForm
from corridor.accounts.models import ApiToken, Notification, Organisation, User
from corridor.accounts.roles import Permission
from corridor.core.audit import Actor
from corridor.core.models import AuditAction, AuditEvent
from corridor.core.scoping import get_for_user_or_404


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def _require(request: HttpRequest, permission: Permission) -> Any:
    user: Any = request.user
    if not user.has_any_perm(permission):
        raise PermissionDenied
    return user


def _account_page(
    request: HttpRequest, form: NewTokenForm, *, new_token: str = "", status: int = 200
) -> HttpResponse:
    user: Any = request.user
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
    if form.is_valid():
        try:
            _, raw = services.issue_token(
                actor=Actor.from_request(request),
                user=request.user,  # type: ignore[arg-type]
                name=form.cleaned_data["name"],
                lifetime_days=form.cleaned_data["lifetime_days"],
            )
        except ValidationError as error:
            form.add_error("lifetime_days", error.messages)
        else:
            # Shown in this answer only: never put in a message or the session, never cached.
            response = _account_page(request, NewTokenForm(), new_token=raw, status=201)
            response["Cache-Control"] = "no-store"
            return response
    return _account_page(request, form, status=422)


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
    if request.method == "POST" and form.is_valid():
        saved = services.save_organisation(
            actor=Actor.from_request(request, organisation_id),
            organisation=form.save(commit=False),
        )
        messages.success(request, _("Organisation saved."))
        return redirect("accounts:organisation", saved.pk)
    return render(
        request,
        "accounts/organisation_form.html",
        {"form": form, "organisation": organisation},
        status=422 if form.errors else 200,
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
    if request.method == "POST" and form.is_valid():
        try:
            services.create_user(actor=Actor.from_request(request), **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("User created."))
            return redirect("accounts:users")
    users = (
        User.objects.filter(memberships__organisation__in=organisations)
        .distinct()
        .prefetch_related("memberships__organisation")
        .order_by("email")
    )
    return render(
        request,
        "accounts/user_list.html",
        {"users": users, "form": form},
        status=422 if form.errors else 200,
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
