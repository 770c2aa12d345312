"""The one pager every list includes: its links change the page and keep the list's filters."""

import pytest
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from corridor.accounts.tests.factories import member
from corridor.people.tests.factories import register


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

    first = client.get("/workers/", {"stage": "registered"}, headers={"Accept-Language": "en"})

    html = first.content.decode()
    assert '<a href="?stage=registered&amp;page=2">Next</a>' in html
    assert "<span>Page 1 of 2</span>" in html
