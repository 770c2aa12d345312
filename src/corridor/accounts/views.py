"""Login, organisation and user management, and the audit log for administrators."""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from corridor.accounts import services
from corridor.accounts.forms import LoginForm, NewTokenForm, NewUserForm, OrganisationForm
from corridor.accounts.models import ApiToken, Organisation, User
from corridor.accounts.requests import signed_in_user
from corridor.accounts.roles import Permission
from corridor.core.audit import Actor
from corridor.core.forms import form_status, submit
from corridor.core.models import AuditAction, AuditEvent


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


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
