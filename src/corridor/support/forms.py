"""Forms for the support pages. They parse and show errors; the services decide."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from corridor.accounts.models import Organisation, User
from corridor.people.forms import CORRIDOR_COUNTRIES, DateInput
from corridor.people.models import FamilyMember, Worker
from corridor.reference.models import Country, Language, Region
from corridor.support.catalogue import SERVICE_FIELDS
from corridor.support.groups import STAFF_ROLES
from corridor.support.models import (
    GroupMember,
    PartnerService,
    Referral,
    ReferralStatus,
    ServiceCategory,
    next_statuses,
)
from corridor.support.models.referrals import PARTNER_MOVES

# The languages migrants and partners in the corridor work in.
SERVICE_LANGUAGES = ("ru", "uz", "tg", "ky", "kk", "en", "tr")


def _set_queryset(form: forms.BaseForm, name: str, queryset: Any) -> None:
    cast(forms.ModelChoiceField, form.fields[name]).queryset = queryset


def service_label(service: PartnerService) -> str:
    return f"{service.get_category_display()} — {service.organisation.name}: {service.name}"


class ServiceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return service_label(obj)


class ServiceForm(forms.ModelForm):
    organisation = forms.ModelChoiceField(
        label=_("offered by"), queryset=Organisation.objects.none()
    )
    countries = forms.ModelMultipleChoiceField(
        label=_("countries"),
        queryset=Country.objects.filter(code__in=CORRIDOR_COUNTRIES),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("regions"),
        queryset=Region.objects.select_related("country").order_by("country_id", "name_en"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    languages = forms.ModelMultipleChoiceField(
        label=_("languages"),
        queryset=Language.objects.filter(code__in=SERVICE_LANGUAGES),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = PartnerService
        fields = ["organisation", *SERVICE_FIELDS, "countries", "regions", "languages"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "organisation", organisations)
        # UUID keys exist before saving: `_state.adding` tells a new service from a saved one.
        if not self.instance._state.adding:
            self.fields["organisation"].disabled = True

    def _post_clean(self) -> None:
        # Model validation happens in the service, once, for every door.
        pass

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in SERVICE_FIELDS}

    def codes(self, name: str) -> list[str]:
        return [item.pk for item in self.cleaned_data[name]]


class CatalogueFilterForm(forms.Form):
    category = forms.ChoiceField(
        label=_("category"), choices=[("", _("all")), *ServiceCategory.choices], required=False
    )
    include_inactive = forms.BooleanField(label=_("include inactive"), required=False)


class ReferralForm(forms.Form):
    service = ServiceChoiceField(label=_("service"), queryset=PartnerService.objects.none())
    family_member = forms.ModelChoiceField(
        label=_("for"),
        queryset=FamilyMember.objects.none(),
        required=False,
        empty_label=_("the worker"),
    )
    # Required by the service (send_referral), which says so on this field.
    reason = forms.CharField(
        label=_("what the worker needs"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The partner reads this: say only what the service needs to know."),
    )
    due_date = forms.DateField(
        label=_("due"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty for the usual time for the category."),
    )
    consent_override_reason = forms.CharField(
        label=_("urgent: why send it without the worker's consent"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Kept on the referral and in the audit log; the partner sees an urgent "
            "referral, never this reason."
        ),
    )

    def __init__(self, *args: Any, worker: Worker, may_override: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(
            self,
            "service",
            PartnerService.objects.active().select_related("organisation"),
        )
        _set_queryset(self, "family_member", FamilyMember.objects.filter(worker=worker))
        if not may_override:
            del self.fields["consent_override_reason"]


class ReferralFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("status"), choices=[("", _("all")), *ReferralStatus.choices], required=False
    )
    overdue = forms.BooleanField(label=_("overdue only"), required=False)


class PartnerMoveForm(forms.Form):
    status = forms.ChoiceField(label=_("next step"), choices=())
    note = forms.CharField(
        label=_("why (when declining)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    outcome = forms.CharField(
        label=_("outcome (when completing)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, referral: Referral, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            (status, ReferralStatus(status).label)
            for status in next_statuses(referral.status)
            if status in PARTNER_MOVES
        ]


class OutcomeForm(forms.Form):
    outcome = forms.CharField(
        label=_("outcome"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class CancelForm(forms.Form):
    note = forms.CharField(
        label=_("why it is cancelled"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("the worker's rating"),
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        coerce=int,
    )
    comment = forms.CharField(
        label=_("the worker's comment"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name or obj.label} ({obj.label})"


class GroupForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=200)
    organisation = forms.ModelChoiceField(label=_("run by"), queryset=Organisation.objects.none())
    country = forms.ModelChoiceField(
        label=_("country"), queryset=Country.objects.filter(code__in=CORRIDOR_COUNTRIES)
    )
    region = forms.ModelChoiceField(
        label=_("region"),
        queryset=Region.objects.select_related("country").order_by("country_id", "name_en"),
        required=False,
    )
    locality = forms.CharField(label=_("town or village"), max_length=200, required=False)
    facilitator = UserChoiceField(
        label=_("facilitator"), queryset=User.objects.none(), required=False
    )
    description = forms.CharField(
        label=_("description"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "organisation", organisations)
        _set_queryset(
            self,
            "facilitator",
            User.objects.filter(
                memberships__organisation__in=organisations,
                is_active=True,
                memberships__role__in=STAFF_ROLES,
            )
            .distinct()
            .order_by("full_name", "email"),
        )


class MemberForm(forms.Form):
    reference = forms.CharField(
        label=_("worker's reference number"),
        max_length=20,
        widget=forms.TextInput(attrs={"placeholder": "UZ-2026-000123", "autocomplete": "off"}),
    )
    family_member = forms.UUIDField(label=_("who joins"), required=False)
    joined_on = forms.DateField(label=_("joined"), required=False, widget=DateInput())


def member_label(member: GroupMember) -> str:
    if member.family_member is None:
        return f"{member.worker.full_name} ({member.worker.reference})"
    return (
        f"{member.family_member.full_name} — {member.family_member.get_relation_display()} "
        f"({member.worker.reference})"
    )


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return member_label(obj)


class MemberMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return member_label(obj)


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("date"), widget=DateInput())
    topics = forms.CharField(
        label=_("topics"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    notes = forms.CharField(
        label=_("notes"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    present = MemberMultipleChoiceField(
        label=_("present"),
        queryset=GroupMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, members: Any, with_date: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "present", members)
        if not with_date:
            del self.fields["held_on"]


class NeedForm(forms.Form):
    member = MemberChoiceField(label=_("member"), queryset=GroupMember.objects.none())
    service = ServiceChoiceField(label=_("service"), queryset=PartnerService.objects.none())
    # Required by the service (send_referral), which says so on this field.
    reason = forms.CharField(
        label=_("the need"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent_override_reason = forms.CharField(
        label=_("urgent: why send it without the worker's consent"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, members: Any, may_override: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "member", members)
        _set_queryset(
            self, "service", PartnerService.objects.active().select_related("organisation")
        )
        if not may_override:
            del self.fields["consent_override_reason"]
