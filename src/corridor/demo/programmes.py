"""Demo programmes: the real labour-migration programmes of the Central Asia - Russia corridor
listed in docs DOMAIN.md, with their periods, goals and funders as stated there.

What the source does not state is not made up: funding amounts are left empty, and only the
2014-2015 programme has funders (the World Bank and the UK Department for International
Development). The source gives years, not days, so periods run from 1 January to 31 December.
The indicators' baselines, targets and manual results are illustrative demo figures and say so
in their evidence. The reporting organisation's IATI identifier uses the "XX-" prefix, which is
deliberately not a registered one.
"""

import datetime
from decimal import Decimal
from typing import Any

from corridor.accounts.models import Organisation, OrganisationType, User
from corridor.core.audit import Actor
from corridor.programmes import services
from corridor.programmes.models import (
    ActivityArea,
    IndicatorMeasure,
    Metric,
    OrganisationIdentity,
    ProgrammeStatus,
    ResultSource,
    Unit,
)

MANAGER_EMAIL = "admin@demo.corridor"
OFFICE_IATI_IDENTIFIER = "XX-CORRIDOR-DEMO"
MIGRATION, EMPLOYMENT = "15190", "16020"
A = ActivityArea
DEMO_EVIDENCE = "Illustrative demo figure, not a reported result."

# (name, country, IATI organisation identifier, IATI organisation type)
FUNDERS = {
    "world_bank": ("World Bank", "US", "44000", "40"),
    "dfid": ("UK Department for International Development", "GB", "GB-GOV-1", "10"),
}

PROGRAMMES: list[dict[str, Any]] = [
    {
        "code": "LMCA-2007",
        "title": "Labour migration in Central Asia",
        "goal": "Helping the destination government build migration policy, legislation and "
        "the administrative systems for labour migration; information campaigns for migrants.",
        "years": (2007, 2009),
        "countries": ["RU", "TJ", "KG"],
        "areas": [A.POLICY_SUPPORT, A.INFORMATION_CAMPAIGNS],
        "partners": ["authority"],
        "funders": [],
    },
    {
        "code": "RPLM-2010",
        "title": "Regional programme for labour migration in Central Asia and Russia",
        "goal": "Reducing poverty by improving migrants' living standards; more services for "
        "migrants and their families; public tolerance towards migrants; mutual-assistance "
        "groups for migrant families; an employment centre coordinating migrants with NGOs, "
        "human-rights organisations and diasporas.",
        "years": (2010, 2013),
        "countries": ["RU", "TJ", "KG", "UZ"],
        "areas": [
            A.SERVICES_FOR_MIGRANTS,
            A.MUTUAL_ASSISTANCE_GROUPS,
            A.NGO_DIASPORA_COORDINATION,
            A.INFORMATION_CAMPAIGNS,
        ],
        "partners": ["ngo", "diaspora"],
        "funders": [],
    },
    {
        "code": "RPM-2014",
        "title": "Regional programme on migration",
        "goal": "Protecting migrants' rights and widening the social and economic "
        "opportunities of workers and their families; services at every stage of the "
        "migration cycle.",
        "years": (2014, 2015),
        "countries": ["RU", "TJ", "KG", "UZ"],
        "areas": [A.SERVICES_FOR_MIGRANTS, A.NGO_DIASPORA_COORDINATION, A.POLICY_SUPPORT],
        "partners": ["ngo", "diaspora", "uz", "tj", "kg"],
        "funders": ["world_bank", "dfid"],
    },
    {
        "code": "CARLM-2021",
        "title": "Central Asia - Russia labour mobility",
        "goal": "More structured labour-mobility schemes with organised recruitment and "
        "training of workers in Kyrgyzstan, Uzbekistan and Tajikistan, with proposals for "
        "target sectors and stakeholder participation.",
        "years": (2021, 2021),
        "countries": ["KG", "UZ", "TJ"],
        "areas": [A.RECRUITMENT_AND_TRAINING, A.POLICY_SUPPORT],
        "partners": ["uz", "tj", "kg", "training"],
        "target_sectors": ["71", "83", "92", "93"],
        "funders": [],
    },
]

# (programme, name, unit, metric, ascending, baseline (value, year), target (value, year))
INDICATORS = [
    ("RPM-2014", "Migrants and family members receiving a service (consultation, legal aid, "
     "referral)", Unit.NUMBER, "", True, (0, 2013), (12000, 2015)),
    ("RPM-2014", "Mutual-assistance groups of migrant families active", Unit.NUMBER, "", True,
     (0, 2013), (40, 2015)),
    ("CARLM-2021", "Workers registered for organised recruitment", Unit.NUMBER,
     Metric.WORKERS_REGISTERED, True, (0, 2020), (3000, 2021)),
    ("CARLM-2021", "Workers placed with an employer in Russia", Unit.NUMBER,
     Metric.WORKERS_PLACED, True, (0, 2020), (1500, 2021)),
    ("CARLM-2021", "Recruitment cost borne by the worker as a share of a month's wage "
     "(SDG 10.7.1)", Unit.PERCENT, Metric.RECRUITMENT_COST_SHARE, False, (60, 2020), (15, 2021)),
]  # fmt: skip

# (programme, indicator name prefix, period, value): hand-entered results with their evidence.
MANUAL_RESULTS = [
    ("RPM-2014", "Migrants and family members", (2014, 2014), 5230),
    ("RPM-2014", "Migrants and family members", (2015, 2015), 7480),
    ("RPM-2014", "Mutual-assistance groups", (2015, 2015), 27),
]


def _funder(key: str) -> Organisation:
    name, country, ref, kind = FUNDERS[key]
    organisation = Organisation.objects.filter(name=name).first() or Organisation.objects.create(
        name=name, type=OrganisationType.DONOR, country=country
    )
    OrganisationIdentity.objects.get_or_create(
        organisation=organisation, defaults={"ref": ref, "type": kind}
    )
    return organisation


def _year(start: int, end: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(start, 1, 1), datetime.date(end, 12, 31)


def _status(end: datetime.date) -> str:
    return ProgrammeStatus.CLOSED if end < datetime.date.today() else ProgrammeStatus.IMPLEMENTATION


def load_programmes(organisations: dict[str, Organisation], users: dict[str, User]) -> int:
    """Create the demo programmes with their funders, indicators and manual results; returns
    the number of programmes."""
    manager = users[MANAGER_EMAIL]
    office = organisations["office"]
    actor = Actor(user=manager, organisation_id=office.pk, channel="demo")
    OrganisationIdentity.objects.get_or_create(
        organisation=office, defaults={"ref": OFFICE_IATI_IDENTIFIER, "type": "40"}
    )
    programmes = {}
    for spec in PROGRAMMES:
        start, end = _year(*spec["years"])
        programme = services.create_programme(
            actor=actor,
            code=spec["code"],
            title=spec["title"],
            goal=spec["goal"],
            period_start=start,
            period_end=end,
            status=_status(end),
            reporting_organisation=office,
            iati_organisation_identifier=OFFICE_IATI_IDENTIFIER,
            activity_areas=[str(a) for a in spec["areas"]],
            dac_sectors=[MIGRATION, EMPLOYMENT],
            recipient_countries=spec["countries"],
            implementing_partners=[
                organisations[k] for k in spec["partners"] if k in organisations
            ],
            target_sectors=spec.get("target_sectors", []),
        )
        for key in spec["funders"]:
            services.add_funding(
                programme=programme, actor=actor, funder=_funder(key),
                period_start=start, period_end=end,
            )  # fmt: skip
        programmes[programme.code] = programme
    indicators = {}
    for code, name, unit, metric, ascending, baseline, target in INDICATORS:
        indicators[(code, name)] = services.add_indicator(
            programme=programmes[code],
            actor=actor,
            name=name,
            unit=unit,
            measure=IndicatorMeasure.PERCENTAGE if unit == Unit.PERCENT else IndicatorMeasure.UNIT,
            metric=metric,
            is_ascending=ascending,
            baseline_value=Decimal(baseline[0]),
            baseline_year=baseline[1],
            target_value=Decimal(target[0]),
            target_year=target[1],
            disaggregation=["sex", "citizenship"],
        )
    for code, prefix, years, value in MANUAL_RESULTS:
        indicator = next(
            i for (c, n), i in indicators.items() if c == code and n.startswith(prefix)
        )
        services.record_result(
            indicator, *_year(*years), value,
            source=ResultSource.MANUAL, evidence=DEMO_EVIDENCE, actor=actor,
        )  # fmt: skip
    return len(programmes)
