"""Training pages: courses, cohorts with their roster and attendance grid, enrolment, results,
certificates, and a worker's training. Thin: they parse, call a service or a query, render.

Scoping: courses and cohorts are readable by every training user; what a provider manages is
fetched through `managed_by` (404 for anyone else); enrolments and certificates through their
`for_user` (the worker's organisation, the provider, the worker).
"""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from corridor.accounts.models import User
from corridor.accounts.requests import signed_in_user
from corridor.accounts.roles import Permission
from corridor.core.audit import Actor
from corridor.core.forms import form_status, submit
from corridor.core.ratelimit import is_limited
from corridor.core.scoping import get_for_user_or_404
from corridor.people.access import Section, workers_showing
from corridor.people.services import record_view
from corridor.training import certificates, courses, enrolments, queries
from corridor.training.certificate_pdf import render_certificate_pdf
from corridor.training.certificates import VERIFY_LIMIT, verify_url
from corridor.training.forms import (
    ATTENDANCE_CHOICES,
    CohortForm,
    CourseForm,
    EnrolForm,
    ReasonForm,
    ResultForm,
    WorkerPaymentForm,
    managed_providers,
)
from corridor.training.models import (
    AttendanceStatus,
    Certificate,
    Cohort,
    Course,
    CourseType,
    Enrolment,
    EnrolmentStatus,
)

PAGE_SIZE = 25


def _user(request: HttpRequest) -> User:
    return signed_in_user(request)


def _require_training_user(user: User) -> None:
    if not (user.is_superuser or user.has_any_perm(Permission.MANAGE_TRAINING)):
        raise PermissionDenied


def _may_enrol(user: User) -> bool:
    """Caseworkers enrol: training managed where the user also has workers of their own."""
    own = set(user.organisation_ids_with(Permission.VIEW_OWN_WORKERS))
    return bool(own & set(user.organisation_ids_with(Permission.MANAGE_TRAINING)))


def _provider_actor(request: HttpRequest, cohort: Cohort) -> Actor:
    return Actor.from_request(request, cohort.course.provider_id)


def _managed_course(request: HttpRequest, course_id: uuid.UUID) -> Course:
    return get_object_or_404(
        Course.objects.managed_by(_user(request)).select_related("provider"), pk=course_id
    )


def _managed_cohort(request: HttpRequest, cohort_id: uuid.UUID) -> Cohort:
    return get_object_or_404(
        Cohort.objects.managed_by(_user(request)).select_related("course__provider"),
        pk=cohort_id,
    )


def _scoped_enrolment(request: HttpRequest, enrolment_id: uuid.UUID) -> Enrolment:
    return get_for_user_or_404(
        Enrolment.objects.select_related("cohort__course", "worker"),
        request.user,
        pk=enrolment_id,
    )


# Courses ----------------------------------------------------------------------------------


@login_required
def course_list_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    _require_training_user(user)
    course_type = request.GET.get("type", "")
    course_type = course_type if course_type in CourseType.values else ""
    page = Paginator(queries.course_list(user, course_type=course_type), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "types": CourseType.choices,
        "course_type": course_type,
        "may_create": managed_providers(user).exists(),
    }
    return render(request, "training/course_list.html", context)


def _course_form_page(
    request: HttpRequest, form: CourseForm, course: Course | None, status: int = 200
) -> HttpResponse:
    return render(
        request, "training/course_form.html", {"form": form, "course": course}, status=status
    )


@login_required
def course_create_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not managed_providers(user).exists():
        raise PermissionDenied
    form = CourseForm(request.POST or None, user=user)

    def create(data: dict[str, Any]) -> Course:
        course = courses.create_course(
            actor=Actor.from_request(request, data["provider"].pk),
            provider=data["provider"],
            values=form.values(),
            language=data["language"].code,
            isco_code=data["isco"] or None,
        )
        messages.success(request, _("Course “%(title)s” saved.") % {"title": course.title})
        return course

    if (done := submit(request, form, create)).ok:
        return redirect(done.result)
    return _course_form_page(request, form, None, form_status(request))


@login_required
def course_edit_view(request: HttpRequest, course_id: uuid.UUID) -> HttpResponse:
    course = _managed_course(request, course_id)
    form = CourseForm(request.POST or None, user=_user(request), course=course)

    def update(data: dict[str, Any]) -> Course:
        return courses.update_course(
            actor=Actor.from_request(request, course.provider_id),
            course=course,
            values=form.values(),
            language=data["language"].code,
            isco_code=data["isco"] or None,
        )

    if submit(request, form, update).ok:
        messages.success(request, _("Changes saved."))
        return redirect(course)
    return _course_form_page(request, form, course, form_status(request))


@login_required
def course_detail_view(request: HttpRequest, course_id: uuid.UUID) -> HttpResponse:
    user = _user(request)
    course = get_for_user_or_404(
        Course.objects.select_related("provider", "language", "isco"), user, pk=course_id
    )
    may_manage = Course.objects.managed_by(user).filter(pk=course.pk).exists()
    context = {
        "course": course,
        "cohorts": queries.cohorts_of(course),
        "may_manage": may_manage,
        "payment_form": WorkerPaymentForm(
            initial={"worker_pays_allowed": course.worker_pays_allowed}
        )
        if courses.is_programme_office(user)
        else None,
        "today": timezone.localdate(),
    }
    return render(request, "training/course_detail.html", context)


@login_required
@require_POST
def worker_payment_view(request: HttpRequest, course_id: uuid.UUID) -> HttpResponse:
    course = get_for_user_or_404(Course.objects.all(), request.user, pk=course_id)
    form = WorkerPaymentForm(request.POST)
    form.is_valid()  # a checkbox: always valid
    try:
        courses.set_worker_payment_allowed(
            actor=Actor.from_request(request),
            course=course,
            allowed=form.cleaned_data["worker_pays_allowed"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Changes saved."))
    return redirect(course)


# Cohorts ----------------------------------------------------------------------------------


def _cohort_form_page(
    request: HttpRequest, form: CohortForm, course: Course, cohort: Cohort | None, status: int
) -> HttpResponse:
    context = {"form": form, "course": course, "cohort": cohort}
    return render(request, "training/cohort_form.html", context, status=status)


def _session_dates(form: CohortForm) -> list[Any]:
    data = form.cleaned_data
    return data["sessions"] or courses.weekdays_between(data["start_date"], data["end_date"])


@login_required
def cohort_create_view(request: HttpRequest, course_id: uuid.UUID) -> HttpResponse:
    course = _managed_course(request, course_id)
    form = CohortForm(request.POST or None)

    def create(data: dict[str, Any]) -> Cohort:
        return courses.create_cohort(
            actor=Actor.from_request(request, course.provider_id),
            course=course,
            values=form.values(),
            session_dates=_session_dates(form),
        )

    if (done := submit(request, form, create)).ok:
        messages.success(request, _("Cohort saved."))
        return redirect(done.result)
    return _cohort_form_page(request, form, course, None, form_status(request))


@login_required
def cohort_edit_view(request: HttpRequest, cohort_id: uuid.UUID) -> HttpResponse:
    cohort = _managed_cohort(request, cohort_id)
    initial = {
        "start_date": cohort.start_date,
        "end_date": cohort.end_date,
        "place": cohort.place,
        "capacity": cohort.capacity,
        "trainer_name": cohort.trainer_name,
        "sessions": "\n".join(s.date.isoformat() for s in cohort.sessions.all()),
    }
    form = CohortForm(request.POST or None, initial=initial)

    def update(data: dict[str, Any]) -> Cohort:
        return courses.update_cohort(
            actor=_provider_actor(request, cohort),
            cohort=cohort,
            values=form.values(),
            session_dates=_session_dates(form),
        )

    if submit(request, form, update).ok:
        messages.success(request, _("Changes saved."))
        return redirect(cohort)
    return _cohort_form_page(request, form, cohort.course, cohort, form_status(request))


def _audit_provider_view(
    request: HttpRequest, cohort: Cohort, roster: queries.Roster, unseen: set[Any]
) -> None:
    """A provider sees its cohorts' workers without a grant: each view is in the audit log, so
    the worker can see who looked."""
    if not unseen:
        return
    actor = _provider_actor(request, cohort)
    for row in roster.rows:
        if row.enrolment.worker_id in unseen:
            record_view(actor=actor, worker=row.enrolment.worker, what="training roster")


@login_required
def cohort_detail_view(request: HttpRequest, cohort_id: uuid.UUID) -> HttpResponse:
    user = _user(request)
    cohort = get_for_user_or_404(
        Cohort.objects.select_related("course__provider", "course__language"), user, pk=cohort_id
    )
    roster = queries.cohort_roster(user, cohort)
    today = timezone.localdate()
    may_manage = user.has_perm_in(Permission.MANAGE_TRAINING, cohort.course.provider_id)
    enrolling_for = set(user.organisation_ids_with(Permission.MANAGE_TRAINING))
    seen_as_provider = set(queries.workers_seen_only_as_provider(user, roster.worker_ids()))
    _audit_provider_view(request, cohort, roster, seen_as_provider)
    context = {
        # Workers whose record the user may open (not those seen only as the provider).
        "linked": set(roster.worker_ids()) - seen_as_provider,
        "droppable": {
            row.enrolment.pk
            for row in roster.rows
            if may_manage or row.enrolment.organisation_id in enrolling_for
        },
        "cohort": cohort,
        "course": cohort.course,
        "roster": roster,
        "free": max(cohort.capacity - roster.taken, 0),
        "may_manage": may_manage,
        "may_enrol": _may_enrol(user) and not cohort.has_ended(today) and cohort.course.is_active,
        "attendance_choices": ATTENDANCE_CHOICES,
        "today": today,
        "due": len(certificates.certificates_due(cohort)) if may_manage else 0,
        "result_form": ResultForm(),
    }
    return render(request, "training/cohort_detail.html", context)


@login_required
def enrol_view(request: HttpRequest, cohort_id: uuid.UUID) -> HttpResponse:
    user = _user(request)
    cohort = get_for_user_or_404(Cohort.objects.select_related("course"), user, pk=cohort_id)
    if not _may_enrol(user):
        raise PermissionDenied
    form = EnrolForm(request.POST or None, user=user)

    def enrol(data: dict[str, Any]) -> None:
        worker = data["worker"]
        enrolment = enrolments.enrol_worker(
            actor=Actor.from_request(request, worker.organisation_id), cohort=cohort, worker=worker
        )
        if enrolment.status == EnrolmentStatus.WAITING:
            messages.warning(
                request,
                _("The cohort is full: %(reference)s is number %(position)d on the waiting list.")
                % {
                    "reference": worker.reference,
                    "position": enrolments.waiting_position(enrolment) or 0,
                },
            )
        else:
            messages.success(
                request, _("%(reference)s enrolled.") % {"reference": worker.reference}
            )

    if submit(request, form, enrol).ok:
        return redirect(cohort)
    context = {"form": form, "cohort": cohort, "course": cohort.course}
    return render(request, "training/enrol_form.html", context, status=form_status(request))


@login_required
@require_POST
def drop_view(request: HttpRequest, enrolment_id: uuid.UUID) -> HttpResponse:
    enrolment = _scoped_enrolment(request, enrolment_id)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        enrolments.drop_enrolment(
            actor=Actor.from_request(request, enrolment.organisation_id),
            enrolment=enrolment,
            reason=reason,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Enrolment ended."))
    return redirect(enrolment.cohort)


def _attendance_marks(request: HttpRequest, cohort: Cohort) -> dict[Any, dict[uuid.UUID, str]]:
    """{session: {enrolment id: mark}} from the grid's fields "mark_<session>_<enrolment>";
    empty cells are left as they are."""
    sessions = {str(s.pk): s for s in cohort.sessions.all()}
    marks: dict[Any, dict[uuid.UUID, str]] = {}
    for name, value in request.POST.items():
        if not name.startswith("mark_") or not value:
            continue
        session_id, _sep, enrolment_id = name.removeprefix("mark_").partition("_")
        session = sessions.get(session_id)
        if session is None or value not in AttendanceStatus.values:
            raise ValidationError(_("The attendance grid was not understood: reload the page."))
        try:
            marks.setdefault(session, {})[uuid.UUID(enrolment_id)] = value
        except ValueError as error:
            raise ValidationError(
                _("The attendance grid was not understood: reload the page.")
            ) from error
    return marks


@login_required
@require_POST
def attendance_view(request: HttpRequest, cohort_id: uuid.UUID) -> HttpResponse:
    cohort = _managed_cohort(request, cohort_id)
    actor = _provider_actor(request, cohort)
    try:
        marks = _attendance_marks(request, cohort)
        written = 0
        for session, session_marks in marks.items():
            written += len(
                enrolments.record_attendance(actor=actor, session=session, marks=session_marks)
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Attendance saved (%(count)d changes).") % {"count": written})
    return redirect(reverse("training:cohort", args=[cohort.pk]) + "#attendance")


def _provider_enrolment(request: HttpRequest, enrolment_id: uuid.UUID) -> Enrolment:
    enrolment = _scoped_enrolment(request, enrolment_id)
    if not _user(request).has_perm_in(
        Permission.MANAGE_TRAINING, enrolment.cohort.course.provider_id
    ):
        raise PermissionDenied
    return enrolment


@login_required
@require_POST
def result_view(request: HttpRequest, enrolment_id: uuid.UUID) -> HttpResponse:
    enrolment = _provider_enrolment(request, enrolment_id)
    form = ResultForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a score from 0 to 100 and whether the worker passed."))
        return redirect(enrolment.cohort)
    try:
        enrolments.record_result(
            actor=_provider_actor(request, enrolment.cohort),
            enrolment=enrolment,
            score=form.cleaned_data["score"],
            is_passed=form.cleaned_data["outcome"] == "passed",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Result saved."))
    return redirect(enrolment.cohort)


@login_required
@require_POST
def complete_view(request: HttpRequest, enrolment_id: uuid.UUID) -> HttpResponse:
    enrolment = _provider_enrolment(request, enrolment_id)
    try:
        enrolments.complete_enrolment(
            actor=_provider_actor(request, enrolment.cohort), enrolment=enrolment
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Training completed."))
    return redirect(enrolment.cohort)


# Certificates -----------------------------------------------------------------------------


@login_required
@require_POST
def issue_certificates_view(request: HttpRequest, cohort_id: uuid.UUID) -> HttpResponse:
    cohort = _managed_cohort(request, cohort_id)
    try:
        issued = certificates.issue_certificates(
            actor=_provider_actor(request, cohort), cohort=cohort
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(count)d certificates issued.") % {"count": len(issued)})
    return redirect(cohort)


def _scoped_certificate(request: HttpRequest, certificate_id: uuid.UUID) -> Certificate:
    return get_for_user_or_404(
        Certificate.objects.select_related(
            "enrolment__cohort__course__provider", "enrolment__cohort__course__language", "worker"
        ),
        request.user,
        pk=certificate_id,
    )


@login_required
def certificate_pdf_view(request: HttpRequest, certificate_id: uuid.UUID) -> HttpResponse:
    certificate = _scoped_certificate(request, certificate_id)
    pdf = render_certificate_pdf(certificate, verify_url(request, certificate.code))
    record_view(
        actor=Actor.from_request(request, certificate.organisation_id),
        worker=certificate.worker,
        what="certificate",
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="certificate-{certificates.grouped(certificate.code)}.pdf"'
    )
    return response


@login_required
@require_POST
def revoke_view(request: HttpRequest, certificate_id: uuid.UUID) -> HttpResponse:
    certificate = _scoped_certificate(request, certificate_id)
    cohort = certificate.enrolment.cohort
    form = ReasonForm(request.POST)
    try:
        certificates.revoke_certificate(
            actor=_provider_actor(request, cohort),
            certificate=certificate,
            reason=form.cleaned_data["reason"] if form.is_valid() else "",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Certificate revoked."))
    return redirect(cohort)


# A worker's training ----------------------------------------------------------------------


@login_required
def worker_training_view(request: HttpRequest, worker_id: uuid.UUID) -> HttpResponse:
    worker = get_for_user_or_404(
        workers_showing(signed_in_user(request), Section.TRAINING).select_related("organisation"),
        request.user,
        pk=worker_id,
    )
    record_view(
        actor=Actor.from_request(request, worker.organisation_id), worker=worker, what="training"
    )
    context = {"worker": worker, **queries.worker_training(signed_in_user(request), worker)}
    return render(request, "training/worker_training.html", context)


# The public check -------------------------------------------------------------------------


@require_safe
@never_cache  # a revocation shows at the next check, never from a cache
def verify_view(request: HttpRequest, code: str) -> HttpResponse:
    """The public page a certificate's QR code opens: valid, expired or revoked, with the
    holder's initials only. Every code that is not a certificate gets the same 404 page."""
    if is_limited(request, "certificate-verify", limit=VERIFY_LIMIT, window_seconds=60):
        return render(request, "training/verify.html", {"limited": True}, status=429)
    facts = certificates.check_code(code)
    if facts is None:
        return render(request, "training/verify.html", {"facts": None}, status=404)
    return render(request, "training/verify.html", {"facts": facts})
