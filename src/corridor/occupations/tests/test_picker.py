"""The occupation picker is one field: every form that chooses an ISCO-08 unit group renders
the same input, and every page that shows one has the one list its suggestions fill."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from corridor.accounts.tests.factories import member
from corridor.occupations.forms import ConfirmCodeForm, OccupationField
from corridor.people.forms import OccupationForm
from corridor.recruitment.forms import ArrivalForm, VacancyForm
from corridor.recruitment.tests.factories import employer_user
from corridor.training.forms import CourseForm
from corridor.training.tests.factories import provider_user

pytestmark = pytest.mark.django_db

PICKING_FORMS = [OccupationForm, VacancyForm, ArrivalForm, CourseForm, ConfirmCodeForm]
PICKER = (
    '<input type="text" name="isco" list="isco-options" autocomplete="off" '
    'hx-get="/workers/isco-options/" hx-trigger="input changed delay:250ms" '
    'hx-target="#isco-options" hx-swap="innerHTML" maxlength="200" id="id_isco">'
)


@pytest.mark.parametrize("form", PICKING_FORMS, ids=lambda form: form.__name__)
def test_every_form_that_picks_an_occupation_renders_the_same_picker(form):
    field = form.base_fields["isco"]
    # `required` is the one attribute forms may differ in.
    rendered = field.widget.render("isco", "", attrs={"id": "id_isco", "maxlength": "200"})

    assert isinstance(field, OccupationField)
    assert rendered == PICKER


@pytest.mark.parametrize(
    ("form", "typed", "code"),
    [
        (OccupationForm, "7212 Welders and flame cutters", "7212"),
        (VacancyForm, "7212 Welders and flame cutters", "7212"),
        (ArrivalForm, "7212", "7212"),
        (CourseForm, "7212 Welders and flame cutters", "7212"),
        (ConfirmCodeForm, "9329 Other", "9329"),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_every_picker_cleans_a_chosen_suggestion_to_its_code(form, typed, code):
    assert form.base_fields["isco"].clean(typed) == code


@pytest.mark.parametrize(
    ("form", "typed"),
    [
        (OccupationForm, "9999"),
        (ArrivalForm, "72"),
        (CourseForm, "welder"),
        (ConfirmCodeForm, "9999"),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_a_picker_refuses_what_is_no_unit_group_it_may_take(form, typed):
    with pytest.raises(ValidationError) as refused:
        form.base_fields["isco"].clean(typed)

    with translation.override("en"):
        assert refused.value.messages == ["Choose an ISCO-08 unit group from the suggestions."]


def _lists(client, user, path):
    client.force_login(user)
    page = client.get(path)
    assert page.status_code == 200
    return len(re.findall(r'<datalist id="isco-options">', page.content.decode()))


def test_each_page_with_a_picker_has_the_one_list_of_suggestions():
    client = Client(headers={"accept-language": "en"})
    assert _lists(client, member(), "/workers/new/") == 1
    assert _lists(client, employer_user(), "/recruitment/vacancies/new/") == 1
    assert _lists(client, provider_user(), "/training/courses/new/") == 1
    assert _lists(client, member(), "/occupations/review/") == 1
