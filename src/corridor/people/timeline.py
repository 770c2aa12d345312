"""What a timeline entry says, written as a code with parameters and put into words when read.

An entry used to keep the sentence in the language of whoever was working when it was written,
so a Russian page showed English entries. Now the service that writes an entry stores a
`TimelineMessage` code and its parameters (JSON), and `render` makes the sentence in the
reader's language. Entries written before the codes existed have no message and are shown
from their `reason` as written.

Parameters are stored as plain values, except:
- a choice of an enum: `choice(Enum, value)` -> {"enum": "app.Enum", "value": ...} (or "values"
  for a list), shown by the enum's label in the reader's language;
- a day: `day(date)` -> {"date": "2026-12-07"}, shown in the reader's short date format;
- a cohort: `cohort(title, start, end)`, shown as “title” (start–end);
- fields of a model: `model_fields(Model, names)`, shown by their verbose names.
Names of organisations, courses, vacancies and groups are proper names and stay as stored.

`people` may not import recruitment, training or support, whose enums (application status,
attendance, referral status...) appear in entries: each app registers its enums here from its
`AppConfig.ready()` (`register_enums`). A value of an enum not registered is shown as stored.
The typed `reason` of an entry is the `%(reason)s` of its sentence.
"""

import datetime
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import translation
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from corridor.people.models import TimelineEvent


class TimelineMessage(models.TextChoices):
    REGISTERED_CONSENT = "registered_consent", _("registered with consent")
    DETAILS_CHANGED = "details_changed", _("details changed")
    REGISTRATION_CONFIRMED = "registration_confirmed", _("registration confirmed")
    DOCUMENT_ADDED = "document_added", _("document added")
    FAMILY_ADDED = "family_added", _("family member added")
    CONSENT_GIVEN = "consent_given", _("consent given")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("consent withdrawn")
    SHARED = "shared", _("record shared")
    SHARED_SHORTLISTED = "shared_shortlisted", _("record shared: shortlisted")
    UNSHARED = "unshared", _("sharing ended")
    UNSHARED_CONSENT_WITHDRAWN = "unshared_withdrawn", _("sharing ended: consent withdrawn")
    UNSHARED_CONSENT_LAPSED = "unshared_lapsed", _("sharing ended: consent lapsed")
    STAGE_MOVED = "stage_moved", _("stage changed")
    STAGE_CORRECTED = "stage_corrected", _("stage corrected")
    RECORDS_MERGED = "merged", _("records merged")
    MERGE_UNDONE = "merge_undone", _("merge undone")
    TRAINING_ENROLLED = "enrolled", _("enrolled")
    TRAINING_WAITING = "waiting", _("on the waiting list")
    TRAINING_PROMOTED = "promoted", _("moved from the waiting list")
    TRAINING_LEFT = "left", _("left a course")
    TRAINING_ATTENDANCE = "attendance", _("attendance")
    TRAINING_ASSESSED_PASSED = "assessed_passed", _("assessed: passed")
    TRAINING_ASSESSED_FAILED = "assessed_failed", _("assessed: not passed")
    TRAINING_COMPLETED_PASSED = "completed_passed", _("completed: passed")
    TRAINING_COMPLETED_FAILED = "completed_failed", _("completed: not passed")
    TRAINING_JOB_READY = "training_job_ready", _("training required to be job-ready done")
    CERTIFICATE_ISSUED = "certificate_issued", _("certificate issued")
    CERTIFICATE_REVOKED = "certificate_revoked", _("certificate revoked")
    APPLICATION_STEP = "application_step", _("application step")
    APPLICATION_STEP_REASON = "application_step_reason", _("application step with a reason")
    APPLICATION_OFFERED = "application_offered", _("job offered")
    CONTRACT_MADE = "contract_made", _("contract made")
    CONTRACT_RECEIVED = "contract_received", _("contract received")
    CONTRACT_SUBSTITUTED = "contract_substituted", _("contract substitution")
    PAYMENT = "payment", _("payment recorded")
    PAYMENT_EMPLOYER_SHOULD_PAY = "payment_employer", _("payment the employer should have made")
    REFERRAL_STEP = "referral_step", _("referral step")
    REFERRAL_URGENT = "referral_urgent", _("urgent referral")
    REFERRAL_FEEDBACK = "referral_feedback", _("referral feedback")
    GROUP_JOINED = "group_joined", _("joined a group")
    GROUP_LEFT = "group_left", _("left a group")
    GROUP_RELATIVE_JOINED = "group_relative_joined", _("family member joined a group")
    GROUP_RELATIVE_LEFT = "group_relative_left", _("family member left a group")


# A sentence per code; %(name)s placeholders are the entry's params (and %(reason)s its reason).
# Sentences already in the catalogues before the codes keep their msgids.
TEXTS: dict[str, str | Promise] = {
    TimelineMessage.REGISTERED_CONSENT: _("consent given: %(purposes)s"),
    TimelineMessage.DETAILS_CHANGED: _("Changed: %(fields)s"),
    TimelineMessage.REGISTRATION_CONFIRMED: _(
        "The centre confirmed the registration the person made themselves"
    ),
    TimelineMessage.DOCUMENT_ADDED: _("%(type)s %(number)s"),
    # Only the relation's label: nothing to translate around it.
    TimelineMessage.FAMILY_ADDED: "%(relation)s",
    TimelineMessage.CONSENT_GIVEN: _("%(purpose)s: given"),
    TimelineMessage.CONSENT_WITHDRAWN: _("%(purpose)s: withdrawn"),
    TimelineMessage.SHARED: _("%(organisation)s: %(reason)s"),
    TimelineMessage.SHARED_SHORTLISTED: _("%(organisation)s: shortlisted for “%(title)s”"),
    TimelineMessage.UNSHARED: "%(organisation)s",
    TimelineMessage.UNSHARED_CONSENT_WITHDRAWN: _(
        "%(organisation)s: consent withdrawn: %(purpose)s"
    ),
    TimelineMessage.UNSHARED_CONSENT_LAPSED: _("%(organisation)s: consent lapsed on %(date)s"),
    TimelineMessage.STAGE_MOVED: "%(reason)s",
    TimelineMessage.STAGE_CORRECTED: _("Correction: %(reason)s"),
    TimelineMessage.RECORDS_MERGED: _("%(merged)s merged into %(kept)s"),
    TimelineMessage.MERGE_UNDONE: _("Merge of %(merged)s into %(kept)s undone"),
    TimelineMessage.TRAINING_ENROLLED: _("Enrolled in %(course)s"),
    TimelineMessage.TRAINING_WAITING: _("On the waiting list for %(course)s (the cohort is full)"),
    TimelineMessage.TRAINING_PROMOTED: _(
        "Moved from the waiting list into %(course)s: a place came free"
    ),
    TimelineMessage.TRAINING_LEFT: _("Left %(course)s: %(reason)s"),
    TimelineMessage.TRAINING_ATTENDANCE: _("%(course)s, session of %(date)s: %(status)s"),
    TimelineMessage.TRAINING_ASSESSED_PASSED: _("Assessment in “%(course)s”: %(score)s, passed"),
    TimelineMessage.TRAINING_ASSESSED_FAILED: _(
        "Assessment in “%(course)s”: %(score)s, not passed"
    ),
    TimelineMessage.TRAINING_COMPLETED_PASSED: _("Completed %(course)s: passed"),
    TimelineMessage.TRAINING_COMPLETED_FAILED: _("Completed %(course)s: not passed"),
    TimelineMessage.TRAINING_JOB_READY: _("Completed every training required to be job-ready"),
    TimelineMessage.CERTIFICATE_ISSUED: _("Certificate issued for “%(course)s”"),
    TimelineMessage.CERTIFICATE_REVOKED: _("Certificate for “%(course)s” revoked: %(reason)s"),
    TimelineMessage.APPLICATION_STEP: _("%(vacancy)s (%(employer)s): %(status)s"),
    TimelineMessage.APPLICATION_STEP_REASON: _(
        "%(vacancy)s (%(employer)s): %(status)s — %(reason)s"
    ),
    TimelineMessage.APPLICATION_OFFERED: _(
        "%(vacancy)s (%(employer)s): %(status)s — %(wage)s RUB a month, %(hours)s hours a week"
    ),
    TimelineMessage.CONTRACT_MADE: _("Contract %(number)s made (Russian and %(language)s)"),
    TimelineMessage.CONTRACT_RECEIVED: _("Contract %(number)s received"),
    TimelineMessage.CONTRACT_SUBSTITUTED: _("Contract substitution at arrival: %(fields)s"),
    TimelineMessage.PAYMENT: _("%(amount)s %(currency)s (%(purpose)s)"),
    TimelineMessage.PAYMENT_EMPLOYER_SHOULD_PAY: _(
        "%(amount)s %(currency)s (%(purpose)s) — the employer should have paid this"
    ),
    TimelineMessage.REFERRAL_STEP: _("%(category)s — %(partner)s: %(status)s"),
    TimelineMessage.REFERRAL_URGENT: _(
        "%(category)s — %(partner)s: %(status)s · urgent, sent without recorded consent"
    ),
    TimelineMessage.REFERRAL_FEEDBACK: _("%(category)s — %(partner)s: feedback %(rating)s/5"),
    TimelineMessage.GROUP_JOINED: _("The worker joined “%(group)s”"),
    TimelineMessage.GROUP_LEFT: _("The worker left “%(group)s”"),
    TimelineMessage.GROUP_RELATIVE_JOINED: _("%(relation)s joined “%(group)s”"),
    TimelineMessage.GROUP_RELATIVE_LEFT: _("%(relation)s left “%(group)s”"),
}

ENUMS: dict[str, type[models.Choices]] = {}


def enum_key(enum: type[models.Choices]) -> str:
    """An enum's key in entries: "recruitment.ApplicationStatus" for ApplicationStatus."""
    return f"{enum.__module__.split('.')[1]}.{enum.__name__}"


def register_enums(*enums: type[models.Choices]) -> None:
    """Called from an app's ready(): entries may name these enums' values."""
    for enum in enums:
        ENUMS[enum_key(enum)] = enum


def choice(enum: type[models.Choices], value: Any) -> dict[str, Any]:
    return {"enum": enum_key(enum), "value": str(value)}


def choices(enum: type[models.Choices], values: Iterable[Any]) -> dict[str, Any]:
    return {"enum": enum_key(enum), "values": [str(value) for value in values]}


def day(value: datetime.date) -> dict[str, str]:
    return {"date": value.isoformat()}


def cohort(title: str, start: datetime.date, end: datetime.date) -> dict[str, str]:
    return {"course": title, "start": start.isoformat(), "end": end.isoformat()}


def model_fields(model: type[models.Model], names: Iterable[str]) -> dict[str, Any]:
    return {"model": model._meta.label_lower, "fields": sorted(names)}


def _label(key: str, value: str) -> str:
    enum = ENUMS.get(key)
    if enum is None or value not in enum.values:
        return value
    return str(enum(value).label)


def _short_date(iso: str) -> str:
    return date_format(datetime.date.fromisoformat(iso), "SHORT_DATE_FORMAT")


def _field_name(model: type[models.Model], name: str) -> str:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    if field.is_relation and not field.concrete and field.related_model is not None:
        # A reverse relation (occupations, languages): the related model's plural name.
        return str(field.related_model._meta.verbose_name_plural)
    return str(getattr(field, "verbose_name", name))


def format_param(value: Any) -> str:
    """One stored parameter in the active language (see the module's docstring)."""
    if not isinstance(value, Mapping):
        return str(value)
    if "enum" in value:
        if "values" in value:
            return ", ".join(_label(value["enum"], v) for v in value["values"])
        return _label(value["enum"], value["value"])
    if "date" in value:
        return _short_date(value["date"])
    if "course" in value:
        start, end = _short_date(value["start"]), _short_date(value["end"])
        return f"“{value['course']}” ({start}–{end})"
    if "fields" in value:
        model = apps.get_model(value["model"])
        return ", ".join(_field_name(model, name) for name in value["fields"])
    return str(value)


def placeholders(text: str | Promise) -> set[str]:
    return set(re.findall(r"%\((\w+)\)s", str(text)))


def check_params(message: str, params: Mapping[str, Any]) -> None:
    """Refuse an entry whose params miss a placeholder of its sentence (a programming error,
    which would otherwise surface only when someone reads the timeline)."""
    if not message:
        return
    if message not in TEXTS:
        raise ValueError(f"Unknown timeline message {message!r}.")
    with translation.override(None):
        missing = placeholders(TEXTS[message]) - set(params) - {"reason"}
    if missing:
        raise ValueError(f"Timeline message {message!r} needs params {sorted(missing)}.")


def render_message(message: str, params: Mapping[str, Any], reason: str = "") -> str:
    text = TEXTS.get(message)
    if text is None:
        return reason
    values = {name: format_param(value) for name, value in params.items()}
    values.setdefault("reason", reason)
    return str(text) % values


def render_event(event: "TimelineEvent") -> str:
    """What the entry says, in the active language; an entry without a code, its reason."""
    if not event.message:
        return event.reason
    return render_message(event.message, event.params or {}, event.reason)
