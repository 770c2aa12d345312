"""The one way pages and the API fetch an organisation-owned record: scoped, or 404."""

from typing import Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.http import Http404


def get_for_user_or_404[M: models.Model](
    queryset: "models.QuerySet[M]", user: Any, **lookup: Any
) -> M:
    """Return the record if `user` may see it; otherwise 404, the same as if it did not exist.

    `queryset` must offer `for_user()` (every organisation-owned model's QuerySet does).
    """
    try:
        return queryset.for_user(user).get(**lookup)  # type: ignore[attr-defined, no-any-return]
    except (ObjectDoesNotExist, ValidationError, ValueError, TypeError) as error:
        raise Http404 from error
