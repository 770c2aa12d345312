"""Partners, their services, consenting workers and referrals, through the real services."""

import datetime

from corridor.accounts.models import OrganisationType
from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import OrganisationFactory, member
from corridor.people import services as people_services
from corridor.people.models import ConsentPurpose
from corridor.people.tests.factories import actor, add_family_member, give_consent, register
from corridor.support import catalogue, groups, referrals


def partner_user(name="Migrant Rights Legal Aid Centre", type=OrganisationType.NGO):
    """A partner-role user of an NGO (or diaspora association) in Moscow."""
    return member(Role.PARTNER, OrganisationFactory.create(name=name, type=type, country="RU"))


def organisation_of(user):
    return user.active_memberships[0].organisation


def offer(
    keeper, category="legal_aid", *, name="Консультации юриста", languages=("ru", "uz"), **values
):
    """A service of `keeper`'s organisation, added by `keeper` through the catalogue service."""
    return catalogue.create_service(
        actor=actor(keeper),
        organisation=organisation_of(keeper),
        values={"name": name, "category": category, "contact_email": "desk@example.org",
                **values},
        countries=["RU"],
        regions=["RU-MOW"],
        languages=list(languages),
    )  # fmt: skip


def consenting_worker(caseworker, **details):
    """A worker of `caseworker`'s centre who consented to referrals, with a phone and Telegram."""
    fields = {"phone": "+998901234567", "messenger_handle": "@shahzod_a", **details}
    worker = register(caseworker, **fields)
    people_services.update_worker(
        actor=actor(caseworker),
        worker=worker,
        details={},
        languages=[people_services.LanguageSkill("uz", "native"),
                   people_services.LanguageSkill("ru", "B1")],
    )  # fmt: skip
    give_consent(caseworker, worker, ConsentPurpose.REFERRALS)
    return worker


def refer(sender, worker, service, *, reason="Нужна консультация по регистрации", **options):
    return referrals.send_referral(
        actor=actor(sender), worker=worker, service=service, reason=reason, **options
    )


def family_of(caseworker, worker, **details):
    return add_family_member(caseworker, worker, **details)


def group_of(manager, **fields):
    values = {
        "name": "Семьи трудовых мигрантов — Ургут",
        "country": "UZ",
        "region": "UZ-SA",
        "locality": "Ургут",
        **fields,
    }
    return groups.create_group(
        actor=actor(manager), organisation=organisation_of(manager), **values
    )


def days_ago(days: int) -> datetime.date:
    return datetime.date.today() - datetime.timedelta(days=days)
