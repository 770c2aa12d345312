"""The one pager every list includes: its links change the page and keep the list's filters."""

import pytest
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import member
from corridor.people.services import record_view
from corridor.people.tests.factories import actor, register

ENGLISH = {"Accept-Language": "en"}


def pager(query: str, number: int, rows: int = 60) -> str:
    request = RequestFactory().get(f"/workers/?{query}")
    page = Paginator(range(rows), 25).get_page(number)
    with translation.override("en"):
        return render_to_string("web/_pager.html", {"page": page}, request=request).strip()


def test_the_links_keep_the_filters_and_change_only_the_page():
    html = pager("stage=registered&q=%D0%90%D1%85%D0%BC%D0%B5%D0%B4%D0%BE%D0%B2&page=2", 2)

    assert html == (
        '<nav class="pager" aria-label="Pages">\n'
        '  <a href="?stage=registered&amp;q=%D0%90%D1%85%D0%BC%D0%B5%D0%B4%D0%BE%D0%B2'
        '&amp;page=1">Previous</a>\n'
        "  <span>Page 2 of 3</span>\n"
        '  <a href="?stage=registered&amp;q=%D0%90%D1%85%D0%BC%D0%B5%D0%B4%D0%BE%D0%B2'
        '&amp;page=3">Next</a>\n'
        "</nav>"
    )


def test_a_filter_given_twice_keeps_both_values_and_the_first_page_has_no_previous():
    html = pager("language=ru&language=uz", 1)

    assert '<a href="?language=ru&amp;language=uz&amp;page=2">Next</a>' in html
    assert "Previous" not in html
    assert "<span>Page 1 of 3</span>" in html


def test_a_list_on_one_page_has_no_pager():
    assert pager("stage=registered", 1, rows=25) == ""


@pytest.mark.django_db
def test_the_worker_list_pages_through_a_filter(client):
    caseworker = member()
    for number in range(26):
        register(caseworker, phone=f"+99890123{number:04d}")
    client.force_login(caseworker)

    first = client.get("/workers/", {"stage": "registered"}, headers=ENGLISH)

    html = first.content.decode()
    assert '<a href="?stage=registered&amp;page=2">Next</a>' in html
    assert "<span>Page 1 of 2</span>" in html


@pytest.mark.django_db
def test_the_audit_log_keeps_its_worker_filter_on_the_next_page(client):
    # Its pager kept only `action` before: page 2 of one worker's reads showed everyone's.
    admin = member(Role.ADMIN)
    worker = register(admin)
    for _ in range(51):
        record_view(actor=actor(admin), worker=worker)
    client.force_login(admin)

    first = client.get(
        "/accounts/audit/", {"action": "view", "worker": str(worker.pk)}, headers=ENGLISH
    )

    assert (
        f'<a href="?action=view&amp;worker={worker.pk}&amp;page=2">Next</a>'
        in first.content.decode()
    )
