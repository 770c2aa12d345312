import functools

import factory
from django.contrib.auth.hashers import make_password

from corridor.accounts.models import Membership, Organisation, OrganisationType, User
from corridor.accounts.roles import Role

PASSWORD = "correct-horse-battery-staple"


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Employment centre {n}")
    type = OrganisationType.EMPLOYMENT_CENTRE
    country = "UZ"


@functools.cache
def password_hash() -> str:
    # Hashing is slow by design; one hash shared by every test user keeps the suite quick.
    return make_password(PASSWORD)


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name")
    password = factory.LazyFunction(password_hash)


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.CASEWORKER


def member(
    role: str = Role.CASEWORKER, organisation: Organisation | None = None, **org_fields
) -> User:
    """A user holding `role` in `organisation` (a new employment centre if none)."""
    organisation = organisation or OrganisationFactory.create(**org_fields)
    return MembershipFactory.create(role=role, organisation=organisation).user


def recruiter(**org_fields) -> User:
    """A recruiter user of a licensed recruitment agency in Russia."""
    organisation = OrganisationFactory.create(
        type=OrganisationType.RECRUITER, country="RU", licence_number="L-77-001", **org_fields
    )
    return member(Role.RECRUITER, organisation)
