"""Reading a dashboard's filters (page, API and exports share them) into a `Scope`."""

import datetime
from typing import Any

from django import forms
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from corridor.insights.dashboards import citizenship_choices
from corridor.insights.scope import Scope
from corridor.people.models import Sex

MONTH_FORMATS = ["%Y-%m", "%Y-%m-%d"]


def _programmes() -> Any:
    """The Programme model when the programmes app is installed and migrated, else None."""
    try:
        from corridor.programmes.models import Programme
    except ImportError:
        return None
    return Programme


class DashboardFilterForm(forms.Form):
    start = forms.DateField(label=_("from (month)"), required=False, input_formats=MONTH_FORMATS)
    end = forms.DateField(label=_("to (month)"), required=False, input_formats=MONTH_FORMATS)
    citizenship = forms.ChoiceField(label=_("citizenship"), required=False)
    sex = forms.ChoiceField(label=_("sex"), required=False, choices=[("", _("all")), *Sex.choices])
    programme = forms.ChoiceField(label=_("programme"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["start"].widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
        self.fields["end"].widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
        citizenships = citizenship_choices()
        citizenship_field: Any = self.fields["citizenship"]
        citizenship_field.choices = [("", _("all")), *((c, c) for c in citizenships)]
        programme = _programmes()
        codes = list(programme.objects.values_list("code", "title")) if programme else []
        programme_field: Any = self.fields["programme"]
        programme_field.choices = [("", _("whole system")), *codes]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        Scope.check_period(data.get("start"), data.get("end"))
        return data

    def scope(self) -> Scope:
        data = self.cleaned_data
        start: datetime.date | None = data.get("start")
        end: datetime.date | None = data.get("end")
        countries: tuple[str, ...] = ()
        code = data.get("programme")
        model = _programmes()
        if code and model is not None:
            programme = model.objects.filter(code=code).first()
            if programme is None:
                raise Http404
            countries = tuple(programme.recipient_countries.values_list("code", flat=True))
            start = start or programme.period_start
            end = end or programme.period_end
        return Scope(
            start=start,
            end=end,
            citizenship=data.get("citizenship") or "",
            sex=data.get("sex") or "",
            countries=countries,
        )
