from django.http import Http404
from django.urls import path

app_name = "grievances"


def _pending(request, *args, **kwargs):  # replaced by the complaint pages
    raise Http404


urlpatterns = [path("", _pending, name="list")]
