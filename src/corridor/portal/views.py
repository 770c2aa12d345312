"""The worker's own pages (`/my/`): what they see and do about their own record, in the first
person, on a small phone. Thin: reads come from `portal.queries`, changes from the services
of the app that owns the data. Every page opens only the signed-in worker's own record."""

import json
import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.csp import CSP
from django.utils.translation import gettext as _
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET, require_POST

from corridor.accounts.requests import signed_in_user
from corridor.accounts.services import set_preferred_language
from corridor.core.audit import Actor
from corridor.core.clients import client_ip
from corridor.core.errors import error_answer
from corridor.core.forms import form_status, submit
from corridor.core.ratelimit import is_limited
from corridor.grievances import services as grievances
from corridor.grievances.models import Category, Channel, ComplainantRelation
from corridor.people.consent import consent_in_force
from corridor.people.models import Worker
from corridor.people.self_registration import register_self
from corridor.people.services import record_view
from corridor.people.worker_accounts import change_own_contact
from corridor.portal import queries, subject_access
from corridor.portal.forms import ContactForm, FeeReportForm, OfferAnswerForm, SelfRegistrationForm
from corridor.recruitment import self_service
from corridor.recruitment.contract_pdf import contract_html
from corridor.recruitment.models import Payment, Vacancy
from corridor.recruitment.profiles import explained
from corridor.recruitment.queries import worker_vacancy_matches

VACANCIES_SHOWN = 10
# The contract page is the PDF's own document, with its inline styles.
CONTRACT_PAGE_CSP: dict[str, Any] = {
    **settings.SECURE_CSP,
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
}


def _own(request: HttpRequest, what: str) -> Worker:
    """The signed-in worker's record, its read audited under `what`."""
    worker = queries.own_worker_or_404(signed_in_user(request))
    record_view(actor=Actor.from_request(request), worker=worker, what=what)
    return worker


@login_required
def home_view(request: HttpRequest) -> HttpResponse:
    worker = _own(request, "own record: home")
    context = {
        "worker": worker,
        "next_steps": queries.next_steps(worker),
        "expiring": queries.expiring_documents(worker),
        "offers": queries.open_offers(worker),
        "consent": consent_in_force(worker),
    }
    return render(request, "portal/home.html", context)


@login_required
def jobs_view(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    worker = _own(request, "own record: vacancies")
    interested = queries.interested_vacancy_ids(worker)
    matches = [
        {
            **item,
            "percent": round(item["score"] * 100),
            "factors": explained(item["explanation"]),
            "interested": item["vacancy"]["id"] in interested,
        }
        for item in worker_vacancy_matches(user=user, worker=worker, limit=VACANCIES_SHOWN)
    ]
    return render(request, "portal/jobs.html", {"worker": worker, "matches": matches})


@login_required
@require_POST
def interest_view(request: HttpRequest, vacancy_id: uuid.UUID) -> HttpResponse:
    queries.own_worker_or_404(signed_in_user(request))
    vacancy = get_object_or_404(Vacancy.objects.open_to_workers(), pk=vacancy_id)
    actor = Actor.from_request(request)
    if request.POST.get("withdraw"):
        self_service.withdraw_interest(actor=actor, vacancy=vacancy)
        messages.success(request, _("Your interest is taken back."))
        return redirect("portal:jobs")
    try:
        self_service.express_interest(actor=actor, vacancy=vacancy)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("portal:jobs")
    messages.success(request, _("Your centre and the recruiter see that you are interested."))
    return redirect("portal:jobs")


@login_required
def applications_view(request: HttpRequest) -> HttpResponse:
    worker = _own(request, "own record: applications")
    context = {
        "worker": worker,
        "applications": queries.applications(worker),
        "answer_form": OfferAnswerForm(),
    }
    return render(request, "portal/applications.html", context)


@login_required
@require_POST
def answer_offer_view(request: HttpRequest, application_id: uuid.UUID) -> HttpResponse:
    worker = queries.own_worker_or_404(signed_in_user(request))
    application = get_object_or_404(worker.applications.all(), pk=application_id)
    form = OfferAnswerForm(request.POST)

    def answer(data: dict[str, Any]) -> Any:
        return self_service.answer_offer(
            actor=Actor.from_request(request),
            application=application,
            accept=data["accept"],
            reason=data["reason"],
        )

    if (done := submit(request, form, answer)).ok:
        messages.success(
            request,
            _("You accepted the offer.")
            if done.result.status == "accepted"
            else _("You declined the offer."),
        )
        return redirect("portal:applications")
    context = {
        "worker": worker,
        "applications": queries.applications(worker),
        "answer_form": form,
        "answered": application.pk,
    }
    return render(request, "portal/applications.html", context, status=form_status(request))


@login_required
@csp_override(CONTRACT_PAGE_CSP)
def contract_view(request: HttpRequest, application_id: uuid.UUID) -> HttpResponse:
    """The contract as a page: the same document as the PDF, each clause in Russian beside
    the worker's language (its own inline styles, hence this page's style policy)."""
    worker = queries.own_worker_or_404(signed_in_user(request))
    application = get_object_or_404(
        worker.applications.select_related("contract"), pk=application_id
    )
    contract = getattr(application, "contract", None)
    if contract is None:
        raise Http404
    record_view(actor=Actor.from_request(request), worker=worker, what="own contract")
    return HttpResponse(contract_html(contract.terms, contract.language))


@login_required
def fees_view(request: HttpRequest) -> HttpResponse:
    worker = _own(request, "own record: payments")
    return render(
        request, "portal/fees.html", {"worker": worker, "payments": queries.payments(worker)}
    )


@login_required
def report_fee_view(request: HttpRequest, payment_id: uuid.UUID) -> HttpResponse:
    """ "Report a fee": a complaint about a payment, filed from the worker's own ledger."""
    worker = queries.own_worker_or_404(signed_in_user(request))
    payment = get_object_or_404(
        Payment.objects.filter(worker=worker).select_related("payee_organisation", "recruiter"),
        pk=payment_id,
    )
    form = FeeReportForm(request.POST or None)

    def file(data: dict[str, Any]) -> Any:
        against = payment.recruiter or payment.payee_organisation
        facts = _(
            "Payment of %(amount)s %(currency)s on %(date)s to %(payee)s for %(purpose)s."
        ) % {
            "amount": payment.amount,
            "currency": payment.currency,
            "date": payment.paid_on.isoformat(),
            "payee": payment.payee_organisation or payment.payee_name or "—",
            "purpose": payment.get_purpose_display(),
        }
        return grievances.file_complaint(
            actor=Actor.from_request(request),
            channel=Channel.SELF_SERVICE,
            details=grievances.ComplaintDetails(
                category=Category.RECRUITMENT_FEES,
                description=f"{facts}\n\n{data['description']}",
                confidentiality=data["confidentiality"],
                against=against,
                against_name="" if against else payment.payee_name,
            ),
            complainant=grievances.Complainant(
                relation=ComplainantRelation.WORKER,
                name=worker.full_name,
                contact=worker.phone,
                worker=worker,
            ),
        )

    if (done := submit(request, form, file)).ok:
        messages.success(request, _("Your complaint is received."))
        return redirect("grievances:mine_detail", complaint_id=done.result.pk)
    return render(
        request,
        "portal/report_fee.html",
        {"worker": worker, "payment": payment, "form": form},
        status=form_status(request),
    )


@login_required
def certificates_view(request: HttpRequest) -> HttpResponse:
    worker = _own(request, "own record: certificates")
    context = {
        "worker": worker,
        "certificates": queries.certificates(worker),
        "referrals": queries.referrals(worker),
    }
    return render(request, "portal/certificates.html", context)


@login_required
def data_view(request: HttpRequest) -> HttpResponse:
    """Who looked at and who received my data, and the downloads of all of it."""
    user = signed_in_user(request)
    worker = _own(request, "own record: who used my data")
    context = {"worker": worker, "uses": queries.data_uses(worker, user)}
    return render(request, "portal/data.html", context)


def _download_name(worker: Worker, extension: str) -> str:
    return f"corridor-{worker.reference}-{timezone.localdate().isoformat()}.{extension}"


@login_required
@require_GET
def data_json_view(request: HttpRequest) -> HttpResponse:
    worker = _own(request, "own record: download (JSON)")
    body = json.dumps(subject_access.everything_held(worker), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_download_name(worker, "json")}"'
    return response


@login_required
@require_GET
def data_pdf_view(request: HttpRequest) -> HttpResponse:
    worker = _own(request, "own record: download (PDF)")
    response = HttpResponse(
        subject_access.subject_access_pdf(worker), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{_download_name(worker, "pdf")}"'
    return response


@login_required
def settings_view(request: HttpRequest) -> HttpResponse:
    """My contact details and the language and script I read."""
    user = signed_in_user(request)
    worker = queries.own_worker_or_404(user)
    if request.method == "GET":
        record_view(actor=Actor.from_request(request), worker=worker, what="own record: settings")
    initial = {
        "phone": worker.phone,
        "messenger_handle": worker.messenger_handle,
        "language": user.language or translation.get_language(),
    }
    form = ContactForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> str:
        change_own_contact(
            actor=Actor.from_request(request),
            worker=worker,
            phone=data["phone"],
            messenger_handle=data["messenger_handle"],
        )
        set_preferred_language(user=user, language=data["language"])
        return str(data["language"])

    if (done := submit(request, form, save)).ok:
        # Said in the language just chosen; the cookie set below keeps it from the next page on.
        with translation.override(done.result):
            messages.success(request, _("Saved."))
        response = redirect("portal:settings")
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, done.result, samesite="Lax")
        return response
    return render(
        request,
        "portal/settings.html",
        {"worker": worker, "form": form},
        status=form_status(request),
    )


def register_view(request: HttpRequest) -> HttpResponse:
    """Register myself: a pending record the chosen centre confirms when I visit. The answer
    is the same whoever is already registered (people.self_registration)."""
    form = SelfRegistrationForm(request.POST or None)
    if request.method == "POST":
        limit = settings.SELF_REGISTRATIONS_PER_ADDRESS
        if is_limited(request, "self-registration", limit=limit, window_seconds=3600):
            return error_answer(
                request, 429, _("Too many registrations from your address. Try again in an hour.")
            )

    def register(data: dict[str, Any]) -> Worker:
        return register_self(
            ip_address=client_ip(request),
            centre=data["centre"],
            details=form.details(),
            consents=form.statements(),
        )

    if (done := submit(request, form, register)).ok:
        return render(request, "portal/registered.html", {"centre": done.result.organisation})
    return render(request, "portal/register.html", {"form": form}, status=form_status(request))
