"""Complaint pages: the public form and tracking page (no login), a worker's own complaints, filing
on someone's behalf, and the handlers' queue. Thin: they parse, call a service or a query, and
render."""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from corridor.accounts.models import User
from corridor.accounts.requests import signed_in_user
from corridor.core.audit import Actor
from corridor.core.forms import form_status, submit
from corridor.core.scoping import get_for_user_or_404
from corridor.grievances import queries, services
from corridor.grievances.forms import (
    AssignForm,
    ComplaintFilterForm,
    ComplaintForm,
    MessageForm,
    StatusForm,
    TrackForm,
)
from corridor.grievances.models import (
    Channel,
    ComplainantRelation,
    Complaint,
    Confidentiality,
    MessageKind,
    normalise_tracking_code,
)
from corridor.grievances.throttle import LIMITED_MESSAGE, filing_limited, tracking_limited
from corridor.people.models import Worker
from corridor.people.services import record_view

PAGE_SIZE = 25


def _user(request: HttpRequest) -> User:
    return signed_in_user(request)


def _limited(request: HttpRequest) -> HttpResponse:
    return render(request, "grievances/limited.html", {"message": LIMITED_MESSAGE}, status=429)


def _details(data: dict[str, Any]) -> services.ComplaintDetails:
    return services.ComplaintDetails(
        category=data["category"],
        description=data["description"],
        confidentiality=data["confidentiality"],
        against=data["against_organisation"],
        against_name=data["against_name"],
    )


def _file(
    data: dict[str, Any], *, channel: str, complainant: services.Complainant, actor: Actor
) -> Complaint:
    """File what the form holds (its cleaned `data`)."""
    return services.file_complaint(
        actor=actor,
        channel=channel,
        details=_details(data),
        complainant=complainant,
        uploads=data["attachments"],
    )


def _filed(request: HttpRequest, complaint: Complaint) -> HttpResponse:
    messages.success(
        request,
        _(
            "Your complaint is received. Your tracking code is %(code)s: write it down, it is "
            "the only way to follow the complaint without logging in."
        )
        % {"code": complaint.tracking_code},
    )
    return redirect("grievances:track", code=complaint.tracking_code)


def _form_page(request: HttpRequest, form: ComplaintForm, template: str) -> HttpResponse:
    return render(request, template, {"form": form}, status=form_status(request))


# Public doors ------------------------------------------------------------------------------


def file_public_view(request: HttpRequest) -> HttpResponse:
    """The form anyone can reach, without an account, from any phone."""
    # Open to everyone: the user may be anonymous here.
    user = request.user
    if user.is_authenticated and Worker.objects.filter(user=user).exists():
        return redirect("grievances:mine_new")
    if request.method == "POST" and filing_limited(request):
        return _limited(request)
    form = ComplaintForm(request.POST or None, request.FILES or None)

    def file(data: dict[str, Any]) -> Complaint:
        if form.is_robot:
            raise ValidationError(_("Leave the last field empty and send again."))
        complainant = services.Complainant(
            relation=data["complainant_relation"],
            name=data["complainant_name"],
            contact=data["complainant_contact"],
        )
        return _file(
            data,
            channel=Channel.PUBLIC_FORM,
            complainant=complainant,
            actor=Actor.from_request(request, channel="public"),
        )

    if (done := submit(request, form, file)).ok:
        return _filed(request, done.result)
    return _form_page(request, form, "grievances/complaint_form.html")


def track_lookup_view(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.GET or None)
    if form.is_bound and form.is_valid():
        code = normalise_tracking_code(form.cleaned_data["code"])
        if code:
            return redirect("grievances:track", code=code)
    return render(request, "grievances/track_lookup.html", {"form": form})


def track_view(request: HttpRequest, code: str) -> HttpResponse:
    """Status, dates and messages to the complainant: nothing else, for whoever holds the code."""
    if tracking_limited(request):
        return _limited(request)
    complaint = queries.by_tracking_code(code)
    if complaint is None:
        raise Http404
    services.record_tracking_view(
        actor=Actor.from_request(request, channel="public"), complaint=complaint
    )
    return render(request, "grievances/track.html", {"view": queries.public_view(complaint)})


# A worker's own complaints ---------------------------------------------------------------


def _own_worker(request: HttpRequest) -> Worker:
    worker = Worker.objects.filter(user=_user(request)).first()
    if worker is None:
        raise Http404
    return worker


@login_required
def my_complaints_view(request: HttpRequest) -> HttpResponse:
    _own_worker(request)
    complaints = Complaint.objects.of_complainant(signed_in_user(request)).select_related(
        "against_organisation"
    )
    return render(request, "grievances/my_complaints.html", {"complaints": complaints})


@login_required
def my_complaint_new_view(request: HttpRequest) -> HttpResponse:
    worker = _own_worker(request)
    form = ComplaintForm(request.POST or None, request.FILES or None, for_worker=True)

    def file(data: dict[str, Any]) -> Complaint:
        complainant = services.Complainant(
            relation=ComplainantRelation.WORKER,
            name=worker.full_name,
            contact=data["complainant_contact"],
            worker=worker,
        )
        return _file(
            data,
            channel=Channel.SELF_SERVICE,
            complainant=complainant,
            actor=Actor.from_request(request),
        )

    if (done := submit(request, form, file)).ok:
        complaint = done.result
        if complaint.worker_id is None:  # anonymous: only the code leads back to it
            return _filed(request, complaint)
        messages.success(request, _("Your complaint is received."))
        return redirect("grievances:mine_detail", complaint_id=complaint.pk)
    return _form_page(request, form, "grievances/complaint_form.html")


@login_required
def my_complaint_view(request: HttpRequest, complaint_id: uuid.UUID) -> HttpResponse:
    complaint = (
        Complaint.objects.of_complainant(signed_in_user(request)).filter(pk=complaint_id).first()
    )
    if complaint is None:
        raise Http404
    if complaint.worker is not None:
        # The worker's own reads are on record too, like their own record's (people.views).
        record_view(
            actor=Actor.from_request(request), worker=complaint.worker, what="own complaint"
        )
    return render(
        request,
        "grievances/my_complaint.html",
        {"complaint": complaint, "view": queries.public_view(complaint)},
    )


# Filing on someone's behalf ----------------------------------------------------------------


def _worker_by_reference(user: User, reference: str) -> Worker | None:
    reference = reference.strip().upper()
    if not reference:
        return None
    worker = Worker.objects.for_user(user).filter(reference=reference).first()
    if worker is None:
        raise ValidationError(
            {"worker_reference": [_("No worker with this reference that you may see.")]}
        )
    return worker


@login_required
def file_on_behalf_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not services.may_file_on_behalf(user):
        raise PermissionDenied
    form = ComplaintForm(request.POST or None, request.FILES or None, for_staff=True)

    def file(data: dict[str, Any]) -> Complaint:
        worker = _worker_by_reference(user, data["worker_reference"])
        complainant = services.Complainant(
            relation=data["complainant_relation"],
            name=data["complainant_name"] or (worker.full_name if worker else ""),
            contact=data["complainant_contact"],
            worker=worker,
        )
        return _file(
            data, channel=Channel.STAFF, complainant=complainant, actor=Actor.from_request(request)
        )

    if (done := submit(request, form, file)).ok:
        complaint = done.result
        messages.success(
            request,
            _("Complaint filed. Give the complainant the tracking code %(code)s.")
            % {"code": complaint.tracking_code},
        )
        if Complaint.objects.for_user(user).filter(pk=complaint.pk).exists():
            return redirect(complaint)
        return redirect("grievances:file_on_behalf")
    return _form_page(request, form, "grievances/complaint_form.html")


# Handling ----------------------------------------------------------------------------------


def _require_handler(request: HttpRequest) -> Any:
    user = _user(request)
    if not services.may_handle(user):
        raise PermissionDenied
    return user


def _complainant_label(complaint: Complaint, user: User) -> str:
    if complaint.confidentiality == Confidentiality.ANONYMOUS:
        return _("anonymous")
    if not complaint.identity_visible_to(user):
        return _("confidential")
    if complaint.worker is not None:
        return f"{complaint.worker.full_name} ({complaint.worker.reference})"
    return complaint.complainant_name or "—"


def _filters(
    request: HttpRequest, user: User
) -> tuple[ComplaintFilterForm, queries.ComplaintFilters]:
    # Without a status in the query (the first visit, or a page link), the open queue.
    data = request.GET.copy()
    data.setdefault("status", "open")
    form = ComplaintFilterForm(data)
    if not form.is_valid():
        return form, queries.ComplaintFilters(status="open")
    cleaned = form.cleaned_data
    return form, queries.ComplaintFilters(
        status=cleaned["status"],
        category=cleaned["category"],
        is_overdue=cleaned["overdue"],
        assigned_to=user if cleaned["mine"] else None,
    )


@login_required
def complaint_list_view(request: HttpRequest) -> HttpResponse:
    user = _require_handler(request)
    form, filters = _filters(request, user)
    page = Paginator(queries.complaint_list(user, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [(c, _complainant_label(c, user), c.is_overdue()) for c in page]
    context = {"form": form, "page": page, "rows": rows, "query": request.GET.copy()}
    htmx: Any = getattr(request, "htmx", False)
    template = (
        "grievances/complaint_list.html#results" if htmx else "grievances/complaint_list.html"
    )
    return render(request, template, context)


def _handled(request: HttpRequest, complaint_id: uuid.UUID) -> Complaint:
    _require_handler(request)
    return get_for_user_or_404(
        Complaint.objects.select_related(
            "against_organisation", "assigned_to", "worker", "filed_by"
        ),
        request.user,
        pk=complaint_id,
    )


def _attachments_visible(complaint: Complaint, user: User) -> bool:
    # Scans of a contract or passport name the complainant: for a confidential complaint they
    # are shown only to those who may see who complained.
    return (
        complaint.confidentiality != Confidentiality.CONFIDENTIAL
        or complaint.identity_visible_to(user)
    )


def _detail_context(request: HttpRequest, complaint: Complaint, **forms: Any) -> dict[str, Any]:
    user = _user(request)
    handlers = queries.possible_handlers(complaint)
    return {
        "complaint": complaint,
        "complainant": _complainant_label(complaint, user),
        "identity_visible": complaint.identity_visible_to(user),
        "attachments_visible": _attachments_visible(complaint, user),
        "attachments": complaint.attachments.all(),
        "messages_": complaint.messages.select_related("by"),
        "steps": complaint.steps.select_related("by"),
        "reminders": complaint.reminders.all()[:5],
        "is_overdue": complaint.is_overdue(),
        "assign_form": forms.get("assign_form")
        or AssignForm(handlers=handlers, initial={"handler": complaint.assigned_to_id}),
        "status_form": forms.get("status_form")
        or StatusForm(next_statuses=complaint.next_statuses()),
        "message_form": forms.get("message_form") or MessageForm(),
    }


@login_required
def complaint_detail_view(request: HttpRequest, complaint_id: uuid.UUID) -> HttpResponse:
    complaint = _handled(request, complaint_id)
    actor = Actor.from_request(request, complaint.organisation_id)
    services.record_complaint_view(actor=actor, complaint=complaint)
    return render(request, "grievances/complaint_detail.html", _detail_context(request, complaint))


def _post_action(
    request: HttpRequest, complaint: Complaint, form_name: str, form: Any, action: Any, done: str
) -> HttpResponse:
    """Run one form-backed action on the complaint page; on errors, show the page with them."""

    def run(data: dict[str, Any]) -> None:
        with transaction.atomic():
            action(Actor.from_request(request, complaint.organisation_id), data)

    if submit(request, form, run).ok:
        messages.success(request, done)
        return redirect(complaint)
    # The page shown again with the errors is a read like any other.
    services.record_complaint_view(
        actor=Actor.from_request(request, complaint.organisation_id), complaint=complaint
    )
    context = _detail_context(request, complaint, **{form_name: form})
    return render(request, "grievances/complaint_detail.html", context, status=form_status(request))


@login_required
@require_POST
def assign_view(request: HttpRequest, complaint_id: uuid.UUID) -> HttpResponse:
    complaint = _handled(request, complaint_id)
    form = AssignForm(request.POST, handlers=queries.possible_handlers(complaint))

    def act(actor: Actor, data: dict[str, Any]) -> None:
        handler: User | None = data["handler"]
        services.assign_complaint(actor=actor, complaint=complaint, handler=handler)

    return _post_action(request, complaint, "assign_form", form, act, _("Handler changed."))


@login_required
@require_POST
def status_view(request: HttpRequest, complaint_id: uuid.UUID) -> HttpResponse:
    complaint = _handled(request, complaint_id)
    form = StatusForm(request.POST, next_statuses=complaint.next_statuses())

    def act(actor: Actor, data: dict[str, Any]) -> None:
        services.change_status(actor=actor, complaint=complaint, **data)

    return _post_action(request, complaint, "status_form", form, act, _("Status changed."))


@login_required
@require_POST
def message_view(request: HttpRequest, complaint_id: uuid.UUID) -> HttpResponse:
    complaint = _handled(request, complaint_id)

    def act(actor: Actor, data: dict[str, Any]) -> None:
        services.post_message(
            actor=actor,
            complaint=complaint,
            text=data["text"],
            to_complainant=data["kind"] == MessageKind.TO_COMPLAINANT,
        )

    form = MessageForm(request.POST)
    return _post_action(request, complaint, "message_form", form, act, _("Message saved."))


@login_required
def attachment_view(
    request: HttpRequest, complaint_id: uuid.UUID, attachment_id: uuid.UUID
) -> FileResponse:
    complaint = _handled(request, complaint_id)
    if not _attachments_visible(complaint, signed_in_user(request)):
        raise Http404
    attachment = complaint.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    services.record_complaint_view(
        actor=Actor.from_request(request, complaint.organisation_id),
        complaint=complaint,
        what=f"attachment {attachment.pk}",
    )
    return FileResponse(
        attachment.file.open("rb"), content_type=attachment.content_type, as_attachment=True
    )
