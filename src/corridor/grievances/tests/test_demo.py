"""The demo complaints load on top of the demo, through the services."""

import datetime

import pytest
from django.utils import translation

from corridor.accounts.models import Organisation, User
from corridor.demo import loader
from corridor.grievances.models import Complaint
from corridor.grievances.queries import complaint_record_rows
from corridor.people.models import TimelineEvent

pytestmark = pytest.mark.django_db


def test_the_demo_complaints_are_filed_and_handled_by_the_administrator():
    with translation.override("en"):
        loader.load_demo(workers=300)  # calls load_complaints
    organisations = {
        spec["key"]: Organisation.objects.get(name=spec["name"]) for spec in loader.ORGANISATIONS
    }
    users = {email: User.objects.get(email=email) for email in loader.LOGINS}

    complaints = Complaint.objects.all()
    admin = users["admin@demo.corridor"]
    assert complaints.count() == 8
    assert set(complaints.values_list("assigned_to", flat=True)) == {admin.pk}
    assert set(complaints.values_list("organisation", flat=True)) == {organisations["office"].pk}
    assert set(complaints.values_list("status", flat=True)) == {
        "received",
        "in_review",
        "investigating",
        "resolved",
        "closed",
    }
    assert {c.tracking_code for c in complaints.overdue(datetime.date.today())} == {
        complaints.get(category="retained_documents").tracking_code
    }
    anonymous = complaints.get(confidentiality="anonymous")
    assert (anonymous.complainant_name, anonymous.complainant_contact, anonymous.worker) == (
        "",
        "",
        None,
    )
    assert complaints.filter(confidentiality="confidential").count() == 3
    fee = complaints.get(channel="self_service")
    assert fee.against_organisation is not None
    assert fee.worker is not None
    assert fee.against_organisation.name == "Silk Road Recruitment LLC"
    assert fee.worker.user == users["worker@demo.corridor"]
    assert not TimelineEvent.objects.filter(
        worker=fee.worker, reason__icontains="complaint"
    ).exists()
    substitution = complaints.get(category="contract_substitution")
    assert substitution.against_organisation is not None
    assert substitution.against_organisation.name == "ООО «СтройИнвест»"
    assert (substitution.status, substitution.outcome) == ("resolved", "contract_corrected")
    assert substitution.worker not in (None, fee.worker)
    assert complaints.filter(messages__kind="to_complainant").distinct().count() == 6
    rows = complaint_record_rows(organisations["recruiter"])
    assert [value for _, value, _ in rows] == [1, 1, 0]
