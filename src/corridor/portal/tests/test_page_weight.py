"""A worker's page on first load stays under 100 KB transferred: the HTML and every file it
links (styles, scripts, icon), each as the server sends it (gzip, as whitenoise serves static
files and as a proxy compresses pages)."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders

from corridor.accounts.tests.factories import member
from corridor.portal.tests.factories import with_login
from corridor.recruitment.tests.factories import employer_user, job_ready_worker, vacancy

pytestmark = pytest.mark.django_db

LIMIT_BYTES = 100_000
PAGES = [
    "/my/",
    "/my/jobs/",
    "/my/applications/",
    "/my/payments/",
    "/my/certificates/",
    "/my/data/",
    "/my/settings/",
    "/workers/me/",
]
LINKED = re.compile(r'<(?:link|script)[^>]+(?:href|src)="/static/([^"]+)"')


def transferred(html: bytes) -> int:
    total = len(gzip.compress(html))
    for path in set(LINKED.findall(html.decode())):
        found = finders.find(path)
        assert found, path
        with open(found, "rb") as file:
            total += len(gzip.compress(file.read()))
    return total


@pytest.mark.parametrize("path", PAGES)
def test_first_load_is_under_100_kb(client, path):
    vacancy(employer_user())
    worker = job_ready_worker(member(), phone="+998901234567")
    client.force_login(with_login(worker))

    page = client.get(path)

    assert page.status_code == 200
    size = transferred(page.content)
    assert 0 < size < LIMIT_BYTES, f"{path}: {size} bytes"
