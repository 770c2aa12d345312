"""core.forms: a page's form workflow, without a database: the form checks the shape, the
service decides, and the service's refusal lands on the form with status 422."""

from typing import Any

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import translation

from corridor.core.forms import apply_errors, form_status, submit


class TokenForm(forms.Form):
    name = forms.CharField(max_length=20)
    lifetime = forms.IntegerField()


def _post(data: dict[str, str]) -> Any:
    return RequestFactory().post("/tokens", data)


def _refuse(error: ValidationError) -> Any:
    def action(data: dict[str, Any]) -> None:
        raise error

    return action


def test_a_get_shows_the_form_without_running_the_service():
    request = RequestFactory().get("/tokens")
    form = TokenForm(None)
    calls: list[dict[str, Any]] = []

    done = submit(request, form, calls.append)

    assert (done.ok, done.result, calls) == (False, None, [])
    assert form.errors == {}
    assert form_status(request) == 200


def test_a_valid_form_runs_the_service_with_the_cleaned_data():
    request = _post({"name": "laptop", "lifetime": "30"})
    form = TokenForm(request.POST)

    done = submit(request, form, lambda data: f"{data['name']}:{data['lifetime'] + 1}")

    assert (done.ok, done.result) == (True, "laptop:31")
    assert form.errors == {}


def test_an_invalid_form_does_not_reach_the_service_and_answers_422():
    request = _post({"name": "laptop", "lifetime": "soon"})
    form = TokenForm(request.POST)
    calls: list[dict[str, Any]] = []

    with translation.override("en"):
        done = submit(request, form, calls.append)
        errors = form.errors.get_json_data()

    assert (done.ok, done.result, calls) == (False, None, [])
    assert errors == {"lifetime": [{"message": "Enter a whole number.", "code": "invalid"}]}
    assert form_status(request) == 422


def test_the_services_refusal_of_a_field_lands_on_that_field():
    request = _post({"name": "laptop", "lifetime": "900"})
    form = TokenForm(request.POST)

    done = submit(
        request, form, _refuse(ValidationError({"lifetime": ["A token lives 1 to 365 days."]}))
    )

    assert (done.ok, done.result) == (False, None)
    assert form.errors == {"lifetime": ["A token lives 1 to 365 days."]}
    assert form_status(request) == 422


def test_a_renamed_field_lands_on_the_forms_name_for_it():
    request = _post({"name": "laptop", "lifetime": "900"})
    form = TokenForm(request.POST)

    submit(
        request,
        form,
        _refuse(ValidationError({"lifetime_days": ["Too long."], "name": ["Taken."]})),
        renames={"lifetime_days": "lifetime"},
    )

    assert form.errors == {"lifetime": ["Too long."], "name": ["Taken."]}


def test_a_refusal_without_a_field_is_a_form_wide_error():
    request = _post({"name": "laptop", "lifetime": "30"})
    form = TokenForm(request.POST)

    submit(request, form, _refuse(ValidationError("You have too many tokens.")))

    assert form.non_field_errors() == ["You have too many tokens."]
    assert list(form.errors) == ["__all__"]


def test_a_field_the_form_does_not_have_becomes_a_form_wide_error():
    request = _post({"name": "laptop", "lifetime": "30"})
    form = TokenForm(request.POST)
    form.is_valid()

    apply_errors(form, ValidationError({"expires_at": ["Already past."]}))

    assert form.errors == {"__all__": ["Already past."]}


def test_an_error_other_than_a_refusal_is_not_swallowed():
    request = _post({"name": "laptop", "lifetime": "30"})
    form = TokenForm(request.POST)

    def broken(data: dict[str, Any]) -> None:
        raise LookupError("a bug, not a refusal")

    with pytest.raises(LookupError, match="a bug, not a refusal"):
        submit(request, form, broken)
