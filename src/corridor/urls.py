from django.contrib import admin
from django.urls import include, path

from corridor.api import api
from corridor.core.views import healthz_view
from corridor.web.views import language_view

urlpatterns = [
    path("", include("corridor.web.urls")),
    path("accounts/", include("corridor.accounts.urls")),
    path("workers/", include("corridor.people.urls")),
    path("my/", include("corridor.portal.urls")),
    path("identity/", include("corridor.identity.urls")),
    path("occupations/", include("corridor.occupations.urls")),
    path("recruitment/", include("corridor.recruitment.urls")),
    path("training/", include("corridor.training.urls")),
    path("support/", include("corridor.support.urls")),
    path("complaints/", include("corridor.grievances.urls")),
    path("programmes/", include("corridor.programmes.urls")),
    path("insights/", include("corridor.insights.urls")),
    path("verify/", include("corridor.training.verify_urls")),
    path("api/v1/", api.urls),
    path("i18n/setlang/", language_view, name="set_language"),
    path("admin/", admin.site.urls),
    path("healthz", healthz_view, name="healthz"),
]

# Styled, translated error pages (the API keeps its JSON error shape): corridor.core.errors.
handler400 = "corridor.core.errors.bad_request"
handler403 = "corridor.core.errors.permission_denied"
handler404 = "corridor.core.errors.page_not_found"
handler500 = "corridor.core.errors.server_error"
