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
from django.utils.translation import gettext as _

from corridor.accounts import services
from corridor.accounts.forms import LoginForm, NewUserForm, OrganisationForm
from corridor.accounts.models import Organisation, OrganisationType, User
from corridor.accounts.roles import Permission
from corridor.core.audit import Actor
from corridor.core.models import AuditAction, AuditEvent


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def _require(request: HttpRequest, permission: Permission) -> Any:
    user: Any = request.user
    if not user.has_any_perm(permission):
        raise PermissionDenied
    return user


@login_required
def organisation_list_view(request: HttpRequest) -> HttpResponse:
    user = _require(request, Permission.MANAGE_USERS)
    organisations = Organisation.objects.for_user(user).order_by("type", "name")
    may_manage = user.has_any_perm(Permission.MANAGE_ORGANISATIONS)
    return render(
        request,
        "accounts/organisation_list.html",
        {"organisations": organisations, "may_manage": may_manage},
    )


@login_required
def organisation_edit_view(
    request: HttpRequest, organisation_id: uuid.UUID | None = None
) -> HttpResponse:
    _require(request, Permission.MANAGE_ORGANISATIONS)
    organisation = get_object_or_404(Organisation, pk=organisation_id) if organisation_id else None
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        saved = services.save_organisation(
            actor=Actor.from_request(request),
            organisation=form.save(commit=False),
            changed=form.changed_data,
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
    organisation = get_object_or_404(Organisation.objects.for_user(user), pk=organisation_id)
    members = organisation.memberships.select_related("user").order_by("user__email")
    may_add_users = user.has_perm_in(Permission.MANAGE_USERS, organisation.pk)
    return render(
        request,
        "accounts/organisation_detail.html",
        {"organisation": organisation, "members": members, "may_add_users": may_add_users},
    )


@login_required
def user_list_view(request: HttpRequest) -> HttpResponse:
    user = _require(request, Permission.MANAGE_USERS)
    organisations = Organisation.objects.filter(
        pk__in=user.organisation_ids_with(Permission.MANAGE_USERS)
    )
    form = NewUserForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_user(actor=Actor.from_request(request), **form.cleaned_data)
        except ValidationError as error:
            form.add_error("password", error)
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
    organisation_ids = user.organisation_ids_with(Permission.VIEW_AUDIT)
    runs_programme = Organisation.objects.filter(
        pk__in=organisation_ids, type=OrganisationType.PROGRAMME_OFFICE
    ).exists()
    events = AuditEvent.objects.for_auditor(
        organisation_ids, sees_everything=runs_programme
    ).select_related("actor")
    action = request.GET.get("action", "")
    if action in AuditAction.values:
        events = events.filter(action=action)
    worker = request.GET.get("worker", "")
    try:
        if worker:
            events = events.filter(worker_id=uuid.UUID(worker))
    except ValueError:
        messages.error(request, _("That is not a worker id."))
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/audit_log.html",
        {"page": page, "actions": AuditAction.choices, "action": action},
    )
