"""Every complaint model hides its rows from a user of another organisation, and from every
member of the organisation complained against."""

import datetime

import pytest

from corridor.accounts.models import Membership
from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import member
from corridor.core.models import ORGANISATION_OWNED_MODELS
from corridor.grievances import services
from corridor.grievances.models import (
    Complaint,
    ComplaintAttachment,
    ComplaintMessage,
    ComplaintReminder,
    ComplaintStep,
)
from corridor.grievances.tests.factories import (
    complaint,
    employer,
    handler,
    handler_actor,
    office_of,
    png,
)

pytestmark = pytest.mark.django_db

MODELS = [Complaint, ComplaintAttachment, ComplaintMessage, ComplaintStep, ComplaintReminder]


def one_of_each(office, **fields):
    manager = handler(office)
    filed = complaint(office, uploads=[png()], **fields)
    services.post_message(
        actor=handler_actor(manager), complaint=filed, text="Принято.", to_complainant=True
    )
    services.record_overdue_reminders(today=filed.due_on + datetime.timedelta(days=1))
    return filed


def test_the_complaint_models_are_registered_as_organisation_owned():
    assert set(MODELS) <= set(ORGANISATION_OWNED_MODELS)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_a_handler_sees_their_office_rows_and_nobody_else_does(model):
    manager = handler()
    one_of_each(office_of(manager))
    others = [handler(), member(Role.CASEWORKER, office_of(manager)), member(Role.PARTNER)]

    rows = model._default_manager.all()

    assert rows.count() >= 1
    assert rows.for_user(manager).count() == rows.count()
    assert [rows.for_user(user).count() for user in others] == [0, 0, 0]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_members_of_the_organisation_complained_against_see_no_row(model):
    manager = handler()
    company_user = employer()
    company = office_of(company_user)
    one_of_each(office_of(manager), against=company)
    Membership.objects.create(user=manager, organisation=company, role=Role.EMPLOYER)
    manager.__dict__.pop("active_memberships", None)

    rows = model._default_manager.all()

    assert rows.for_user(manager).count() == 0
    assert rows.for_user(company_user).count() == 0
