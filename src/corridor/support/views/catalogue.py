"""The service catalogue pages: the list every referring user reads, and the form partners
(and the programme office) keep their services with."""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from corridor.core.audit import Actor
from corridor.core.forms import form_status, submit
from corridor.support.catalogue import (
    catalogue_organisations,
    create_service,
    may_see_catalogue,
    update_service,
)
from corridor.support.forms import CatalogueFilterForm, ServiceForm
from corridor.support.models import PartnerService


@login_required
def catalogue_view(request: Any) -> Any:
    user = request.user
    if not may_see_catalogue(user):
        raise PermissionDenied
    form = CatalogueFilterForm(request.GET or None)
    services = PartnerService.objects.select_related("organisation").prefetch_related(
        "countries", "regions", "languages"
    )
    include_inactive = False
    if form.is_bound and form.is_valid():
        if form.cleaned_data["category"]:
            services = services.offering(form.cleaned_data["category"])
        include_inactive = form.cleaned_data["include_inactive"]
    if not include_inactive:
        services = services.active()
    keeps = set(catalogue_organisations(user).values_list("pk", flat=True))
    return render(
        request,
        "support/catalogue.html",
        {"form": form, "services": services, "keeps": keeps, "may_add": bool(keeps)},
    )


def _service_page(request: Any, service: PartnerService | None) -> Any:
    organisations = catalogue_organisations(request.user)
    if not organisations.exists():
        raise PermissionDenied
    if service is not None and not organisations.filter(pk=service.organisation_id).exists():
        raise PermissionDenied
    initial = None
    if service is not None:
        initial = {
            "countries": list(service.countries.all()),
            "regions": list(service.regions.all()),
            "languages": list(service.languages.all()),
        }
    form = ServiceForm(
        request.POST if request.method == "POST" else None,
        instance=service,
        initial=initial,
        organisations=organisations,
    )

    def save(data: dict[str, Any]) -> PartnerService:
        organisation = service.organisation if service else data["organisation"]
        actor = Actor.from_request(request, organisation.pk)
        codes = {name: form.codes(name) for name in ("countries", "regions", "languages")}
        if service is None:
            return create_service(
                actor=actor, organisation=organisation, values=form.values(), **codes
            )
        return update_service(actor=actor, service=service, values=form.values(), **codes)

    if (done := submit(request, form, save)).ok:
        messages.success(request, _("Service “%(name)s” saved.") % {"name": done.result.name})
        return redirect("support:services")
    return render(
        request,
        "support/service_form.html",
        {"form": form, "service": service},
        status=form_status(request),
    )


@login_required
def service_create_view(request: Any) -> Any:
    return _service_page(request, None)


@login_required
def service_edit_view(request: Any, service_id: uuid.UUID) -> Any:
    service = get_object_or_404(
        PartnerService.objects.select_related("organisation"), pk=service_id
    )
    return _service_page(request, service)
