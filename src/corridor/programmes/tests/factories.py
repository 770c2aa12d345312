import datetime
from decimal import Decimal

from corridor.accounts.models import OrganisationType
from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import OrganisationFactory, member
from corridor.core.audit import Actor
from corridor.programmes import services
from corridor.programmes.models import Programme


def manager():
    office = OrganisationFactory.create(type=OrganisationType.PROGRAMME_OFFICE, country="RU")
    return member(Role.MANAGER, office)


def actor_of(user) -> Actor:
    return Actor(user=user, organisation_id=user.active_memberships[0].organisation_id)


def programme(by=None, **fields) -> Programme:
    """A complete programme (exportable to IATI), created through the service."""
    by = by or manager()
    values = {
        "code": "PRG-1",
        "title": "Safe labour mobility",
        "goal": "Organised recruitment and training.",
        "period_start": datetime.date(2024, 1, 1),
        "period_end": datetime.date(2025, 12, 31),
        "reporting_organisation": by.active_memberships[0].organisation,
        "iati_organisation_identifier": "XX-TEST",
        "activity_areas": ["recruitment_and_training"],
        "dac_sectors": ["15190", "16020"],
        "recipient_countries": ["UZ", "TJ", "KG"],
        **fields,
    }
    return services.create_programme(actor=actor_of(by), **values)


def indicator(prog, by, **fields):
    values = {
        "name": "Workers placed",
        "unit": "number",
        "baseline_value": Decimal(0),
        "baseline_year": 2023,
        "target_value": Decimal(500),
        "target_year": 2025,
        **fields,
    }
    return services.add_indicator(programme=prog, actor=actor_of(by), **values)
