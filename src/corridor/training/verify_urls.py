from django.http import Http404
from django.urls import path

app_name = "verify"


def _pending(request, *args, **kwargs):  # replaced by the public verification page
    raise Http404


urlpatterns = [path("<str:code>/", _pending, name="certificate")]
