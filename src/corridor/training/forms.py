"""Training forms: they parse what was typed; the services decide."""

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from corridor.accounts.models import Organisation, User
from corridor.accounts.roles import Permission
from corridor.people.models import Worker
from corridor.reference.models import Language
from corridor.training.models import PROVIDER_TYPES, AttendanceStatus, CourseType, Payer

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TYPED_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y")


def managed_providers(user: User) -> Any:
    """Providers in which the user manages training: where their courses may go."""
    return Organisation.objects.filter(
        pk__in=user.organisation_ids_with(Permission.MANAGE_TRAINING), type__in=PROVIDER_TYPES
    ).order_by("name")


def occupation_picker() -> forms.TextInput:
    """The people app's htmx occupation picker (suggestions fill `#isco-options`)."""
    return forms.TextInput(
        attrs={
            "list": "isco-options",
            "autocomplete": "off",
            "hx-get": reverse_lazy("people:isco_options"),
            "hx-trigger": "input changed delay:250ms",
            "hx-target": "#isco-options",
            "hx-swap": "innerHTML",
        }
    )


class CourseForm(forms.Form):
    provider = forms.ModelChoiceField(label=_("provider"), queryset=Organisation.objects.none())
    title = forms.CharField(label=_("title"), max_length=200)
    type = forms.ChoiceField(label=_("type"), choices=CourseType.choices)
    isco = forms.CharField(
        label=_("trade (ISCO-08, vocational courses)"),
        required=False,
        max_length=200,
        widget=occupation_picker(),
        help_text=_("Type the trade and choose a suggestion, or give the four-digit code."),
    )
    hours = forms.IntegerField(label=_("hours"), min_value=1, max_value=2000)
    language = forms.ModelChoiceField(
        label=_("language of instruction"), queryset=Language.objects.all(), to_field_name="code"
    )
    payer = forms.ChoiceField(label=_("paid by"), choices=Payer.choices)
    required_for_job_ready = forms.BooleanField(label=_("required to be job-ready"), required=False)
    is_active = forms.BooleanField(label=_("offered"), required=False, initial=True)
    description = forms.CharField(
        label=_("description"), required=False, max_length=4000, widget=forms.Textarea
    )

    def __init__(self, *args: Any, user: User, course: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        provider = self.fields["provider"]
        assert isinstance(provider, forms.ModelChoiceField)
        provider.queryset = managed_providers(user)
        if course is not None:
            # A course stays with its provider.
            del self.fields["provider"]
            if not self.is_bound:
                self.initial.update(
                    {
                        "title": course.title,
                        "type": course.type,
                        "isco": course.isco_id or "",
                        "hours": course.hours,
                        "language": course.language_id,
                        "payer": course.payer,
                        "required_for_job_ready": course.required_for_job_ready,
                        "is_active": course.is_active,
                        "description": course.description,
                    }
                )

    def clean_isco(self) -> str:
        value = self.cleaned_data["isco"].strip()
        code = value.split()[0] if value else ""
        if code and not (code.isdigit() and len(code) == 4):
            raise ValidationError(_("Choose an ISCO-08 unit group from the suggestions."))
        return code

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        names = ("title", "type", "hours", "payer", "required_for_job_ready", "is_active")
        return {**{name: data[name] for name in names}, "description": data["description"].strip()}


def parse_session_dates(text: str) -> list[datetime.date]:
    """Dates one per line (or separated by commas), as 2026-03-02 or 02.03.2026."""
    dates, wrong = [], []
    for token in text.replace(",", "\n").split():
        for pattern in TYPED_DATE_FORMATS:
            try:
                dates.append(datetime.datetime.strptime(token, pattern).date())
                break
            except ValueError:
                continue
        else:
            wrong.append(token)
    if wrong:
        raise ValidationError(
            _("These are not dates: %(values)s") % {"values": ", ".join(wrong[:5])}
        )
    return dates


class CohortForm(forms.Form):
    start_date = forms.DateField(label=_("starts"), widget=DATE_INPUT)
    end_date = forms.DateField(label=_("ends"), widget=DATE_INPUT)
    place = forms.CharField(label=_("place"), max_length=200)
    capacity = forms.IntegerField(label=_("places"), min_value=1, max_value=500)
    trainer_name = forms.CharField(label=_("trainer"), max_length=200, required=False)
    sessions = forms.CharField(
        label=_("session dates"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One date per line (2026-03-02 or 02.03.2026). Leave empty for every weekday "
            "from the first day to the last."
        ),
    )

    def clean_sessions(self) -> list[datetime.date]:
        return parse_session_dates(self.cleaned_data["sessions"])

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        names = ("start_date", "end_date", "place", "capacity", "trainer_name")
        return {name: data[name] for name in names}


class WorkerReferenceField(forms.ModelChoiceField):
    """A worker chosen by reference number, typed by hand: "uz-2026-000123 " finds
    UZ-2026-000123 among the field's (scoped) queryset."""

    def to_python(self, value: Any) -> Any:
        return super().to_python(value.strip().upper() if isinstance(value, str) else value)


class EnrolForm(forms.Form):
    worker = WorkerReferenceField(
        label=_("worker's reference number"),
        queryset=Worker.objects.none(),
        to_field_name="reference",
        widget=forms.TextInput(attrs={"placeholder": "UZ-2026-000123", "autocomplete": "off"}),
        error_messages={
            "invalid_choice": _("No worker of your organisation has this reference number.")
        },
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        worker = self.fields["worker"]
        assert isinstance(worker, forms.ModelChoiceField)
        # Workers the user sees and whose organisation they enrol for.
        worker.queryset = (
            Worker.objects.for_user(user)
            .active()
            .filter(organisation_id__in=user.organisation_ids_with(Permission.MANAGE_TRAINING))
        )


class ReasonForm(forms.Form):
    # Required by the services (drop, revoke), which say so.
    reason = forms.CharField(label=_("why"), max_length=500, required=False)


class ResultForm(forms.Form):
    score = forms.IntegerField(label=_("score (0-100)"), min_value=0, max_value=100, required=False)
    outcome = forms.ChoiceField(
        label=_("result"),
        choices=[("passed", _("passed")), ("failed", _("not passed"))],
        widget=forms.RadioSelect,
    )


class WorkerPaymentForm(forms.Form):
    worker_pays_allowed = forms.BooleanField(
        label=_("the programme allows the worker to pay for this course"), required=False
    )


ATTENDANCE_CHOICES = [("", "—"), *AttendanceStatus.choices]
