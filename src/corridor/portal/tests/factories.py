"""A worker with their own login, through the real services, for the portal's tests."""

from django.test import Client

from corridor.accounts.models import User
from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import member
from corridor.people.models import Worker


def with_login(worker: Worker) -> User:
    """Give `worker` their own account (a user with the worker role in their centre)."""
    login = member(Role.WORKER, worker.organisation)
    Worker.objects.filter(pk=worker.pk).update(user=login)
    worker.refresh_from_db()
    return login


def english(user: User | None = None) -> Client:
    client = Client(headers={"accept-language": "en"})
    if user is not None:
        client.force_login(user)
    return client
