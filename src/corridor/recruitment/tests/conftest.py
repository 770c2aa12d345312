import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    # Services' messages are asserted in English; the product's default language is Russian.
    with translation.override("en"):
        yield
