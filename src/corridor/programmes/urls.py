from django.http import Http404
from django.urls import path

app_name = "programmes"


def _pending(request, *args, **kwargs):  # replaced by the programme pages
    raise Http404


urlpatterns = [path("", _pending, name="list")]
