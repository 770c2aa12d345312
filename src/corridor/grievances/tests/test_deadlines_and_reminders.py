"""Deadlines by category, overdue flags, the status rules, and the daily reminder task."""

import datetime
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation

from corridor.core.models import AuditEvent
from corridor.grievances import services
from corridor.grievances.models import RESPONSE_DAYS, Category, Complaint, ComplaintReminder
from corridor.grievances.tasks import remind_overdue_complaints
from corridor.grievances.tests.factories import complaint, handler, handler_actor, office_of

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def days(n):
    return datetime.timedelta(days=n)


@pytest.mark.parametrize(
    ("category", "expected"),
    [
        ("retained_documents", 3),
        ("abuse", 3),
        ("unsafe_work", 3),
        ("unpaid_wages", 10),
        ("recruitment_fees", 10),
        ("contract_substitution", 14),
        ("housing", 14),
        ("discrimination", 14),
        ("other", 14),
    ],
)
def test_the_answer_is_due_by_category(category, expected):
    filed = complaint(handler_office(), category=category)

    assert filed.due_on == TODAY + days(expected)


def test_every_category_has_a_deadline():
    assert set(RESPONSE_DAYS) == set(Category.values)


def handler_office():
    return office_of(handler())


def test_a_complaint_is_overdue_only_while_it_is_open():
    manager = handler()
    filed = complaint(office_of(manager), category="abuse")

    assert not filed.is_overdue(TODAY + days(3))
    assert filed.is_overdue(TODAY + days(4))
    assert list(Complaint.objects.overdue(TODAY + days(4))) == [filed]
    services.change_status(
        actor=handler_actor(manager), complaint=filed, status="rejected", reason="Duplicate"
    )
    filed.refresh_from_db()
    assert not filed.is_overdue(TODAY + days(4))
    assert list(Complaint.objects.overdue(TODAY + days(4))) == []


def test_the_reminder_task_records_one_reminder_per_overdue_complaint_and_day():
    manager = handler()
    office = office_of(manager)
    late = complaint(office, category="retained_documents")
    services.assign_complaint(actor=handler_actor(manager), complaint=late, handler=manager)
    complaint(office, category="housing")  # due in 14 days
    day = (TODAY + days(5)).isoformat()

    first = remind_overdue_complaints.call(today=day)
    again = remind_overdue_complaints.call(today=day)
    next_day = remind_overdue_complaints.call(today=(TODAY + days(6)).isoformat())

    assert (first, again, next_day) == (1, 0, 1)
    reminders = ComplaintReminder.objects.order_by("reminded_on")
    assert list(reminders.values_list("complaint", "reminded_on", "due_on", "assigned_to")) == [
        (late.pk, TODAY + days(5), TODAY + days(3), manager.pk),
        (late.pk, TODAY + days(6), TODAY + days(3), manager.pk),
    ]
    assert AuditEvent.objects.filter(object_type="grievances.complaintreminder").count() == 2


def test_the_reminder_command_runs_the_task_now():
    filed = complaint(handler_office(), category="unsafe_work")
    Complaint.objects.filter(pk=filed.pk).update(due_on=TODAY - days(1))
    out = StringIO()

    call_command("complaints", "remind", stdout=out)
    call_command("complaints", "remind", stdout=out)

    assert out.getvalue().splitlines() == [
        "1 overdue reminders recorded",
        "0 overdue reminders recorded",
    ]
    assert ComplaintReminder.objects.get().reminded_on == TODAY


def test_resolving_needs_an_outcome_and_rejecting_a_reason():
    manager = handler()
    filed = complaint(office_of(manager))
    actor = handler_actor(manager)

    with pytest.raises(ValidationError) as no_outcome, translation.override("en"):
        services.change_status(actor=actor, complaint=filed, status="resolved")
    with pytest.raises(ValidationError) as no_reason, translation.override("en"):
        services.change_status(actor=actor, complaint=filed, status="rejected", reason="  ")

    assert no_outcome.value.message_dict == {"outcome": ["Choose the outcome."]}
    assert no_reason.value.message_dict == {"reason": ["Say why the complaint is rejected."]}
    filed.refresh_from_db()
    assert filed.status == "received"


def test_a_closed_complaint_is_final():
    manager = handler()
    filed = complaint(office_of(manager))
    actor = handler_actor(manager)
    services.change_status(
        actor=actor, complaint=filed, status="closed", reason="Complainant unreachable"
    )

    with pytest.raises(ValidationError) as reopened, translation.override("en"):
        services.change_status(actor=actor, complaint=filed, status="in_review")

    assert reopened.value.message_dict == {
        "status": ["A complaint cannot go from “closed” to “in review”."]
    }


def test_reopening_a_resolved_complaint_clears_its_outcome_and_restarts_the_clock():
    manager = handler()
    filed = complaint(office_of(manager), category="unpaid_wages")
    Complaint.objects.filter(pk=filed.pk).update(due_on=TODAY - days(20))
    actor = handler_actor(manager)
    services.change_status(actor=actor, complaint=filed, status="resolved", outcome="wages_paid")

    services.change_status(
        actor=actor, complaint=filed, status="in_review", reason="March was not paid after all"
    )

    filed.refresh_from_db()
    assert (filed.status, filed.outcome, filed.resolved_at) == ("in_review", "", None)
    assert filed.due_on == TODAY + days(10)


def test_the_reminder_command_can_hand_the_work_to_the_task_worker():
    from django_tasks_db.models import DBTaskResult

    out = StringIO()

    call_command("complaints", "remind", "--date", "2026-03-02", "--enqueue", stdout=out)

    queued = DBTaskResult.objects.get()
    assert queued.task_path == "corridor.grievances.tasks.remind_overdue_complaints"
    assert queued.args_kwargs == {"args": [], "kwargs": {"today": "2026-03-02"}}
    assert out.getvalue().startswith("reminders queued as task ")
    assert ComplaintReminder.objects.count() == 0
