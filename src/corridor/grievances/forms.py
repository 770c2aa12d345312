"""Forms for the complaint pages. They parse and show errors; the services decide."""

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from corridor.accounts.models import Organisation, OrganisationType, User
from corridor.grievances.models import (
    Category,
    ComplainantRelation,
    ComplaintStatus,
    Confidentiality,
    MessageKind,
    Outcome,
)
from corridor.grievances.services import MAX_ATTACHMENTS, max_upload_megabytes

# Organisations a complaint is usually against; a directory of them is not personal data.
RESPONDENT_TYPES = (
    OrganisationType.RECRUITER,
    OrganisationType.EMPLOYER,
    OrganisationType.TRAINING_PROVIDER,
)
ACCEPTED_FILES = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input: a phone's photo picker sends them together."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPTED_FILES}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if not data:
            return []
        items = data if isinstance(data, (list, tuple)) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class ComplaintForm(forms.Form):
    """The public form; `for_worker` drops what the worker's record already says, `for_staff`
    adds the worker's reference number to link the record."""

    complainant_relation = forms.ChoiceField(
        label=_("Who is complaining?"),
        choices=ComplainantRelation.choices,
        initial=ComplainantRelation.WORKER,
    )
    category = forms.ChoiceField(
        label=_("What is it about?"), choices=[("", "—"), *Category.choices]
    )
    description = forms.CharField(
        label=_("What happened?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("When and where, who was involved, what you want to happen."),
    )
    against_organisation = forms.ModelChoiceField(
        label=_("Against which organisation?"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("not in the list, or I do not know"),
    )
    against_name = forms.CharField(
        label=_("If it is not in the list: its name"), max_length=200, required=False
    )
    attachments = MultipleFileField(label=_("Photos or documents (optional)"), required=False)
    confidentiality = forms.ChoiceField(
        label=_("Who may know it is you?"),
        choices=Confidentiality.choices,
        initial=Confidentiality.CONFIDENTIAL,
        help_text=_(
            "Confidential: only the staff who protect complainants see your name. Anonymous: "
            "nobody can, and we can answer you only on the tracking page."
        ),
    )
    complainant_name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    complainant_contact = forms.CharField(
        label=_("Phone, Telegram or e-mail to reach you"),
        max_length=200,
        required=False,
        help_text=_("Not kept if you complain anonymously."),
    )
    worker_reference = forms.CharField(
        label=_("Worker's reference number, if registered"),
        max_length=20,
        required=False,
        help_text=_("For example UZ-2026-000123; links the complaint to the record."),
    )
    # A field people never see (hidden by the `hidden` attribute); robots fill in everything.
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(
        self, *args: Any, for_worker: bool = False, for_staff: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = gettext(
            "PDF, JPEG or PNG; up to %(count)d files of %(size)d MB each."
        ) % {"count": MAX_ATTACHMENTS, "size": max_upload_megabytes()}
        against: Any = self.fields["against_organisation"]
        against.queryset = (
            Organisation.objects.active().filter(type__in=RESPONDENT_TYPES).order_by("name")
        )
        if for_worker:
            for name in ("complainant_relation", "complainant_name", "website"):
                del self.fields[name]
        if not for_staff:
            del self.fields["worker_reference"]
        else:
            del self.fields["website"]

    @property
    def is_robot(self) -> bool:
        return bool(self.is_bound and self.data.get("website"))


class AssignForm(forms.Form):
    handler = forms.ModelChoiceField(
        label=_("Handler"), queryset=User.objects.none(), required=False, empty_label=_("nobody")
    )

    def __init__(self, *args: Any, handlers: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["handler"]
        field.queryset = User.objects.filter(pk__in=[h.pk for h in handlers]).order_by(
            "full_name", "email"
        )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=())
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", "—"), *Outcome.choices], required=False
    )
    reason = forms.CharField(label=_("Why (required to reject)"), max_length=500, required=False)
    resolution = forms.CharField(
        label=_("Resolution"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    message = forms.CharField(
        label=_("Tell the complainant (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
        required=False,
        help_text=_("Shown on their tracking page."),
    )

    def __init__(self, *args: Any, next_statuses: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["status"]
        field.choices = [(s, ComplaintStatus(s).label) for s in next_statuses]


class MessageForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("To"),
        choices=MessageKind.choices,
        initial=MessageKind.TO_COMPLAINANT,
    )
    text = forms.CharField(
        label=_("Message"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ComplaintFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("open", _("open")), ("", _("all")), *ComplaintStatus.choices],
        required=False,
    )
    category = forms.ChoiceField(
        label=_("About"), choices=[("", _("all")), *Category.choices], required=False
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    mine = forms.BooleanField(label=_("Given to me"), required=False)


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
