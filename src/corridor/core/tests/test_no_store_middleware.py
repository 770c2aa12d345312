from django.http import HttpResponse
from django.test import RequestFactory
from django.views.decorators.cache import cache_control

from corridor.core.middleware import no_store


def test_a_response_without_caching_headers_gets_no_store():
    response = no_store(lambda request: HttpResponse("record"))(RequestFactory().get("/"))

    assert response["Cache-Control"] == "no-store, private"


def test_a_view_that_chose_its_caching_keeps_it():
    @cache_control(public=True, max_age=3600)
    def public_view(request):
        return HttpResponse("public")

    response = no_store(public_view)(RequestFactory().get("/"))

    assert response["Cache-Control"] == "public, max-age=3600"
