"""The signed-in user of a request, typed as the `User` it is."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from corridor.accounts.models import User


def signed_in_user(request: HttpRequest) -> User:
    """The user of a request only signed-in users reach: a page behind `login_required`, an
    API operation behind the API's authentication. Anyone else is refused (403), never served
    as somebody."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user
