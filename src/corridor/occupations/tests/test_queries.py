"""The occupation review's reads, shared by its page and the API."""

import pytest

from corridor.accounts.models import OrganisationType
from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import OrganisationFactory, member
from corridor.occupations import queries, services

pytestmark = pytest.mark.django_db


def test_titles_to_review_are_the_uncertain_ones_most_often_seen_first():
    services.code_title("сварщик кондитер")
    services.code_title("грузчик")  # confident: not listed
    for _ in range(2):
        services.code_title("повар-водитель")

    titles = [coded.title for coded in queries.titles_to_review(member())]

    assert titles == ["повар-водитель", "сварщик кондитер"]


def test_titles_to_review_are_empty_for_a_user_who_may_not_review():
    services.code_title("сварщик кондитер")
    employer = member(Role.EMPLOYER, OrganisationFactory.create(type=OrganisationType.EMPLOYER))

    assert list(queries.titles_to_review(employer)) == []


def test_a_review_row_holds_the_coders_suggestions_best_first():
    coded = services.code_title("сварщик кондитер")
    assert coded is not None

    [row] = queries.review_rows([coded])

    codes = [suggestion.group.code for suggestion in row.suggestions]
    assert row.coded == coded
    assert {"7212", "7512"} <= set(codes)
    percents = [suggestion.percent for suggestion in row.suggestions]
    assert percents == sorted(percents, reverse=True)
    assert all(suggestion.explanation for suggestion in row.suggestions)


def test_groups_by_code_leaves_out_codes_that_do_not_exist():
    groups = queries.groups_by_code(["7212", "0000", "7212"])

    assert {code: group.code for code, group in groups.items()} == {"7212": "7212"}
