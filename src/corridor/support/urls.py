from django.http import Http404
from django.urls import path

app_name = "support"


def _pending(request, *args, **kwargs):  # replaced by the support pages
    raise Http404


urlpatterns = [
    path("referrals/", _pending, name="referrals"),
    path("groups/", _pending, name="groups"),
]
