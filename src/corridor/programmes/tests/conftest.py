import pytest
from django.test import Client
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    # Messages are asserted in English; the product's default language is Russian.
    with translation.override("en"):
        yield


@pytest.fixture
def client():
    # English pages, so that assertions can read the words.
    return Client(headers={"accept-language": "en"})
