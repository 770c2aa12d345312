"""One way a page runs a form-backed workflow: the form checks the input's shape, the service
decides, and the service's refusal lands on the form the user sees, with status 422.

Pages use it as:

    form = CourseForm(request.POST or None)
    if (done := submit(request, form, lambda data: courses.create_course(...))).ok:
        return redirect(done.result)
    return render(request, "...", {"form": form}, status=form_status(request))

The rules themselves stay in the service; a form never restates them.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest
from django.utils.translation import gettext_noop

# Django's own label for an empty choice (django.db.models.fields.BLANK_CHOICE_LABEL), which
# its Uzbek, Tajik and Kyrgyz catalogues do not translate yet: ours does.
DJANGO_BLANK_CHOICE = gettext_noop("- Select an option -")


def apply_errors(
    form: BaseForm, error: ValidationError, renames: Mapping[str, str] | None = None
) -> None:
    """Put a service's refusal on the form. `renames` maps the service's field names to the
    form's where they differ; a field the form does not have becomes a form-wide error."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, messages in error.message_dict.items():
        name = (renames or {}).get(field, field)
        form.add_error(name if name in form.fields else None, messages)


@dataclass(frozen=True)
class Accepted[T]:
    """The service took the form: its `result`."""

    result: T
    ok: Literal[True] = True


@dataclass(frozen=True)
class Refused:
    """Not submitted, not valid, or refused by the service: the errors are on the form."""

    ok: Literal[False] = False
    result: None = None


# Two classes told apart by `ok`, so that after `if done.ok:` a type checker knows
# `done.result` is the service's result and not None.
type Submission[T] = Accepted[T] | Refused


def submit[T](
    request: HttpRequest,
    form: BaseForm,
    action: Callable[[dict[str, Any]], T],
    *,
    renames: Mapping[str, str] | None = None,
) -> Submission[T]:
    """On a POST with a valid form, run `action` with the cleaned data. A ValidationError from
    the service is put on the form instead of escaping as a 500."""
    if request.method != "POST" or not form.is_valid():
        return Refused()
    try:
        result = action(form.cleaned_data)
    except ValidationError as error:
        apply_errors(form, error, renames)
        return Refused()
    return Accepted(result)


def form_status(request: HttpRequest) -> int:
    """The status of a page showing a form: 422 when a submission came back with errors."""
    return 422 if request.method == "POST" else 200
