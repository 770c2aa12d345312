"""Worker pages: thin, they parse, call a service or a query, and render."""

import uuid
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.forms import ChoiceField
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from corridor.accounts.requests import signed_in_user
from corridor.accounts.roles import Permission
from corridor.core import csvsafe
from corridor.core.audit import Actor
from corridor.core.clients import client_ip
from corridor.core.errors import error_answer
from corridor.core.forms import form_status, submit
from corridor.core.models import AuditEvent
from corridor.core.ratelimit import is_limited
from corridor.core.scoping import get_for_user_or_404
from corridor.occupations.services import picker_suggestions
from corridor.people import documents as document_services
from corridor.people import self_registration, services, worker_accounts
from corridor.people.access import Section, access_to, owned_workers, require_section
from corridor.people.consent import consent_in_force
from corridor.people.corrections import correct_stage
from corridor.people.forms import (
    ConsentForm,
    DocumentForm,
    FamilyForm,
    GrantForm,
    LanguageFormSet,
    OccupationFormSet,
    RegistrationConsentForm,
    SignInCodeForm,
    StageCorrectionForm,
    StageForm,
    WorkerFilterForm,
    WorkerForm,
    WorkerSignInForm,
    edit_conflict_rows,
    languages_from,
    occupations_from,
)
from corridor.people.models import AccessGrant, Document, Worker
from corridor.people.queries import WorkerFilters, worker_list
from corridor.people.stage_rules import correction_stages, next_stage_choices
from corridor.people.stages import Stage

PAGE_SIZE = 25


def _filters_from(request: HttpRequest) -> tuple[WorkerFilterForm, WorkerFilters]:
    form = WorkerFilterForm(request.GET or None, user=signed_in_user(request))
    if not (form.is_bound and form.is_valid()):
        return form, WorkerFilters()
    data = form.cleaned_data
    return form, WorkerFilters(
        q=data["q"],
        stage=data["stage"],
        citizenship=data["citizenship"],
        region=data["region"].code if data["region"] else "",
        occupation=data["occupation"],
        organisation=str(data["organisation"].pk) if data["organisation"] else "",
    )


@login_required
def worker_list_view(request: HttpRequest) -> HttpResponse:
    form, filters = _filters_from(request)
    page = Paginator(worker_list(signed_in_user(request), filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    user = signed_in_user(request)
    context = {
        "form": form,
        "page": page,
        "query": request.GET.copy(),
        "may_export": user.has_any_perm(Permission.EXPORT_WORKERS),
    }
    template = "people/worker_list.html#results" if request.htmx else "people/worker_list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@login_required
def worker_export_view(request: HttpRequest) -> HttpResponse:
    """The filtered list as CSV, for those whose role may export; every export is audited."""
    _, filters = _filters_from(request)
    rows = services.export_workers(
        actor=Actor.from_request(request),
        workers=worker_list(signed_in_user(request), filters),
        filters={k: v for k, v in vars(filters).items() if v},
    )
    response = HttpResponse(csvsafe.spreadsheet_file(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="workers.csv"'
    return response


def _worker_forms(request: HttpRequest, worker: Worker | None) -> tuple[Any, Any, Any]:
    data = request.POST if request.method == "POST" else None
    initial_languages = initial_occupations = None
    if worker is not None and data is None:
        initial_languages = [
            {"language": lang.language_id, "level": lang.level} for lang in worker.languages.all()
        ]
        initial_occupations = [
            {"isco": o.isco_id, "years_experience": o.years_experience}
            for o in worker.occupations.all()
        ]
    return (
        WorkerForm(data, instance=worker),
        LanguageFormSet(data, prefix="lang", initial=initial_languages),
        OccupationFormSet(data, prefix="occ", initial=initial_occupations),
    )


@login_required
def worker_create_view(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    organisations = user.organisation_ids_with(Permission.REGISTER_WORKERS)
    if not organisations:
        raise PermissionDenied
    form, languages, occupations = _worker_forms(request, None)
    consent = RegistrationConsentForm(request.POST if request.method == "POST" else None)

    def register(data: dict[str, Any]) -> Worker:
        membership = next(m for m in user.active_memberships if m.organisation_id in organisations)
        worker = services.register_worker(
            actor=Actor.from_request(request, membership.organisation_id),
            organisation=membership.organisation,
            details={name: data[name] for name in form.Meta.fields},
            languages=languages_from(languages),
            occupations=occupations_from(occupations),
            consents=consent.statements(),
            consent_method=consent.cleaned_data["method"],
            consent_note=consent.cleaned_data["note"],
        )
        messages.success(
            request, _("Worker %(reference)s registered.") % {"reference": worker.reference}
        )
        return worker

    others_valid = all(f.is_valid() for f in (languages, occupations, consent))
    if others_valid and (done := submit(request, form, register)).ok:
        return redirect(done.result)
    return render(
        request,
        "people/worker_form.html",
        {
            "form": form,
            "languages": languages,
            "occupations": occupations,
            "consent": consent,
            "worker": None,
        },
        status=form_status(request),
    )


@login_required
def worker_edit_view(request: HttpRequest, worker_id: uuid.UUID) -> HttpResponse:
    worker = get_for_user_or_404(
        Worker.objects.editable_by(signed_in_user(request)), signed_in_user(request), pk=worker_id
    )
    form, languages, occupations = _worker_forms(request, worker)

    def update(data: dict[str, Any]) -> Worker:
        return services.update_worker(
            actor=Actor.from_request(request, worker.organisation_id),
            worker=Worker.objects.get(pk=worker.pk),
            details={name: data[name] for name in form.Meta.fields},
            languages=languages_from(languages),
            occupations=occupations_from(occupations),
            expected_version=data.get("version"),
        )

    if all(f.is_valid() for f in (languages, occupations)):
        try:
            done = submit(request, form, update)
        except services.EditConflict as conflict:
            return _edit_conflict(request, conflict.current, form, languages, occupations)
        if done.ok:
            messages.success(request, _("Changes saved."))
            return redirect(worker)
    return render(
        request,
        "people/worker_form.html",
        {"form": form, "languages": languages, "occupations": occupations, "worker": worker},
        status=form_status(request),
    )


def _edit_conflict(
    request: HttpRequest, current: Worker, form: Any, languages: Any, occupations: Any
) -> HttpResponse:
    """409: someone saved the record since this edit began. Show what is stored now beside
    what was typed; the form keeps the typed values and now carries the stored version, so
    saving again is a deliberate overwrite."""
    typed_lists = {
        "languages": [f"{s.language}:{s.level}" for s in languages_from(languages)],
        "occupations": [f"{o.isco}:{o.years_experience}" for o in occupations_from(occupations)],
    }
    rows = edit_conflict_rows(current, form.cleaned_data, typed_lists)
    data = request.POST.copy()
    data["version"] = str(current.version)
    form = WorkerForm(data, instance=current)
    form.is_valid()
    context = {
        "form": form,
        "languages": languages,
        "occupations": occupations,
        "worker": current,
        "conflict": rows,
    }
    return render(request, "people/worker_form.html", context, status=409)


def _offer_stages(form: Any, stages: list[str]) -> None:
    labels = dict(Stage.choices)
    cast(ChoiceField, form.fields["stage"]).choices = [(s, labels[s]) for s in stages]


def _detail_context(request: HttpRequest, worker: Worker, **forms: Any) -> dict[str, Any]:
    """The worker page: only the sections `access_to` allows, queried only when shown."""
    user = signed_in_user(request)
    access = access_to(user, worker)
    shows = access.section_names
    may_change = access.is_owner and user.has_perm_in(
        Permission.CHANGE_WORKERS, worker.organisation_id
    )
    stage_form = forms.get("stage_form") or StageForm()
    correction_form = forms.get("correction_form") or StageCorrectionForm()
    cast(ChoiceField, stage_form.fields["stage"]).choices = next_stage_choices(worker)
    _offer_stages(correction_form, correction_stages(worker))
    documents = worker.documents.select_related("issuing_country")
    return {
        "worker": worker,
        "access": access,
        "shows": shows,
        "languages": worker.languages.select_related("language"),
        "occupations": worker.occupations.select_related("isco"),
        "documents": documents if access.shows(Section.DOCUMENT_VALIDITY) else [],
        "family": worker.family.all() if access.shows(Section.FAMILY) else [],
        "consent": consent_in_force(worker) if access.shows(Section.CONSENTS) else {},
        "timeline": worker.timeline.select_related("actor", "organisation")[:50]
        if access.shows(Section.TIMELINE)
        else [],
        "grants": worker.grants.select_related("organisation").order_by("-granted_at")
        if access.shows(Section.GRANTS)
        else [],
        # Merges recorded by identity (reverse relation); one query for all of them.
        "merges": worker.merges.select_related("merged") if access.is_owner else [],
        "viewers": AuditEvent.objects.views_of_worker(*worker.record_ids()).select_related("actor")[
            :20
        ]
        if access.shows(Section.VIEWERS)
        else [],
        "may_change": may_change,
        "may_move_stage": access.is_owner
        and user.has_perm_in(Permission.MOVE_STAGE, worker.organisation_id),
        "may_share": access.is_owner
        and user.has_perm_in(Permission.SHARE_WORKERS, worker.organisation_id),
        "stage_form": stage_form,
        "correction_form": correction_form,
        "consent_form": forms.get("consent_form") or ConsentForm(),
        "document_form": forms.get("document_form") or DocumentForm(),
        "family_form": forms.get("family_form") or FamilyForm(),
        "grant_form": forms.get("grant_form") or GrantForm(worker=worker),
        "sign_in_form": forms.get("sign_in_form") or SignInCodeForm(),
        "sign_in_code": worker.sign_in_codes.first() if may_change else None,
    }


def _scoped_worker(request: HttpRequest, worker_id: uuid.UUID) -> Worker:
    return get_for_user_or_404(
        Worker.objects.select_related("organisation", "citizenship", "home_region"),
        request.user,
        pk=worker_id,
    )


def _owned_worker(request: HttpRequest, worker_id: uuid.UUID) -> Worker:
    """A worker the user may change: of their own organisation. A grant is read-only: 404."""
    return get_for_user_or_404(
        owned_workers(signed_in_user(request)).select_related(
            "organisation", "citizenship", "home_region"
        ),
        request.user,
        pk=worker_id,
    )


@login_required
def worker_detail_view(request: HttpRequest, worker_id: uuid.UUID) -> HttpResponse:
    worker = _scoped_worker(request, worker_id)
    services.record_view(actor=Actor.from_request(request, worker.organisation_id), worker=worker)
    return render(request, "people/worker_detail.html", _detail_context(request, worker))


def _post_action(
    request: HttpRequest, worker_id: uuid.UUID, form_name: str, form: Any, action: Any, done: str
) -> HttpResponse:
    """Run one form-backed action on the worker page; on errors, show the page with them."""
    worker = _owned_worker(request, worker_id)

    def run(data: dict[str, Any]) -> None:
        with transaction.atomic():
            action(worker, Actor.from_request(request, worker.organisation_id), data)

    if submit(request, form, run).ok:
        messages.success(request, done)
        return redirect(worker)
    context = _detail_context(request, worker, **{form_name: form})
    return render(request, "people/worker_detail.html", context, status=form_status(request))


@login_required
@require_POST
def stage_view(request: HttpRequest, worker_id: uuid.UUID) -> HttpResponse:
    def act(worker: Worker, actor: Actor, data: dict[str, Any]) -> None:
        services.move_stage(actor=actor, worker=worker, stage=data["stage"], reason=data["reason"])

    return _post_action(
        request, worker_id, "stage_form", StageForm(request.POST), act, _("Stage changed.")
    )


@login_required
@require_POST
def stage_correction_view(request: HttpRequest, worker_id: uuid.UUID) -> HttpResponse:
    def act(worker: Worker, actor: Actor, data: dict[str, Any]) -> None:
        correct_stage(actor=actor, worker=worker, stage=data["stage"], reason=data["reason"])

    form = StageCorrectionForm(request.POST)
    return _post_action(request, worker_id, "correction_form", form, act, _("Stage corrected."))


@login_required
@require_POST
def consent_view(request: HttpRequest, worker_id: uuid.UUID) -> HttpResponse:
    def act(worker: Worker, actor: Actor, data: dict[str, Any]) -> None:
        services.record_consent(actor=actor, worker=worker, **data)

    return _post_action(
        request, worker_id, "consent_form", ConsentForm(request.POST), act, _("Consent recorded.")
    )


@login_required
@require_POST
def document_view(request: HttpRequest, worker_id: uuid.UUID) -> HttpResponse:
    form = DocumentForm(request.POST, request.FILES)

    def act(worker: Worker, actor: Actor, data: dict[str, Any]) -> None:
        upload = data.pop("file", None)
        document_services.add_document(actor=actor, worker=worker, details=data, upload=upload)

    return _post_action(request, worker_id, "document_form", form, act, _("Document added."))


@login_required
@require_POST
def family_view(request: HttpRequest, worker_id: uuid.UUID) -> HttpResponse:
    def act(worker: Worker, actor: Actor, data: dict[str, Any]) -> None:
        document_services.add_family_member(actor=actor, worker=worker, details=data)

    return _post_action(
        request, worker_id, "family_form", FamilyForm(request.POST), act, _("Family member added.")
    )


@login_required
@require_POST
def grant_view(request: HttpRequest, worker_id: uuid.UUID) -> HttpResponse:
    worker = _owned_worker(request, worker_id)

    def act(worker: Worker, actor: Actor, data: dict[str, Any]) -> None:
        services.grant_access(actor=actor, worker=worker, **data)

    form = GrantForm(request.POST, worker=worker)
    return _post_action(request, worker_id, "grant_form", form, act, _("Record shared."))


@login_required
@require_POST
def revoke_grant_view(
    request: HttpRequest, worker_id: uuid.UUID, grant_id: uuid.UUID
) -> HttpResponse:
    worker = _owned_worker(request, worker_id)
    grant = get_for_user_or_404(
        AccessGrant.objects.filter(worker=worker), request.user, pk=grant_id
    )
    services.revoke_access(actor=Actor.from_request(request, worker.organisation_id), grant=grant)
    messages.success(request, _("Sharing ended."))
    return redirect(worker)


@login_required
def document_file_view(
    request: HttpRequest, worker_id: uuid.UUID, document_id: uuid.UUID
) -> FileResponse:
    worker = _scoped_worker(request, worker_id)
    require_section(access_to(signed_in_user(request), worker), Section.DOCUMENT_FILES)
    document = get_for_user_or_404(
        Document.objects.filter(worker=worker), request.user, pk=document_id
    )
    if not document.file:
        raise Http404
    services.record_view(
        actor=Actor.from_request(request, worker.organisation_id),
        worker=worker,
        what=f"document file {document.pk}",
    )
    return FileResponse(
        document.file.open("rb"), content_type=document.file_content_type, as_attachment=True
    )


@login_required
def my_record_view(request: HttpRequest) -> HttpResponse:
    """A worker's own record: their details, consent they can change, and who viewed it."""
    user = signed_in_user(request)
    worker = Worker.objects.filter(user=user).select_related("organisation", "citizenship").first()
    if worker is None:
        raise Http404
    form = ConsentForm(request.POST or None)

    def record(data: dict[str, Any]) -> None:
        services.record_consent(
            actor=Actor.from_request(request), worker=worker, **{**data, "method": "self_service"}
        )

    if submit(request, form, record).ok:
        messages.success(request, _("Your choice is saved."))
        return redirect("people:my_record")
    services.record_view(actor=Actor.from_request(request), worker=worker, what="own record")
    context = {
        "worker": worker,
        "consent": consent_in_force(worker),
        "documents": worker.documents.all(),
        "timeline": worker.timeline.select_related("organisation")[:30],
        # Who else looked: the worker's own visits are audited but not listed to them.
        "viewers": AuditEvent.objects.views_of_worker(*worker.record_ids())
        .exclude(actor=user)
        .select_related("actor")[:50],
        "consent_form": form,
    }
    return render(request, "people/my_record.html", context, status=form_status(request))


@login_required
def isco_options_view(request: HttpRequest) -> HttpResponse:
    """Suggestions for the occupation picker: what was typed, in any language, coded to ISCO-08."""
    names = [key for key in request.GET if key.endswith("isco")]
    typed = (request.GET.get(names[0]) or "")[:200] if names else ""
    return render(request, "people/isco_options.html", {"suggestions": picker_suggestions(typed)})


@login_required
@require_POST
def confirm_registration_view(request: HttpRequest, worker_id: uuid.UUID) -> HttpResponse:
    """The centre confirms a record the person made themselves on the public site."""
    worker = _owned_worker(request, worker_id)
    try:
        self_registration.confirm_registration(actor=Actor.from_request(request), worker=worker)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Registration confirmed."))
    return redirect(worker)


@login_required
@require_POST
def sign_in_code_view(request: HttpRequest, worker_id: uuid.UUID) -> HttpResponse:
    """Issue the worker a sign-in code, shown once on this page to be handed over."""
    worker = _owned_worker(request, worker_id)
    form = SignInCodeForm(request.POST)

    def issue(data: dict[str, Any]) -> worker_accounts.IssuedCode:
        return worker_accounts.issue_sign_in_code(
            actor=Actor.from_request(request, worker.organisation_id),
            worker=worker,
            consent_method=data["consent_method"],
        )

    submission = submit(request, form, issue)
    if submission.ok:
        issued = submission.result
        code = f"{issued.code[:4]} {issued.code[4:]}"
        context = {"worker": worker, "issued": issued.sign_in_code, "code": code}
        return render(request, "people/sign_in_code.html", context)
    context = _detail_context(request, worker, sign_in_form=form)
    return render(request, "people/worker_detail.html", context, status=form_status(request))


def worker_sign_in_view(request: HttpRequest) -> HttpResponse:
    """A worker signs in with their phone number and the code their centre gave them."""
    form = WorkerSignInForm(request.POST or None)
    if request.method == "POST":
        limit = settings.WORKER_SIGN_IN_TRIES_PER_ADDRESS
        if is_limited(request, "worker-sign-in", limit=limit, window_seconds=900):
            return error_answer(
                request, 429, _("Too many tries from your address. Try again in 15 minutes.")
            )
        if form.is_valid():
            try:
                user = worker_accounts.sign_in_with_code(
                    phone=form.cleaned_data["phone"],
                    code=form.cleaned_data["code"],
                    ip_address=client_ip(request),
                )
            except worker_accounts.CodeRefused:
                form.add_error(
                    None,
                    _(
                        "This phone number and code do not open an account. Check both, or "
                        "ask your centre for a new code."
                    ),
                )
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                return redirect("portal:home")
    # 200 with the form again, as the staff login page answers a wrong password.
    return render(request, "people/sign_in.html", {"form": form})
