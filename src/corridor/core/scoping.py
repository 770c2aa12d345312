"""The one way pages and the API fetch an organisation-owned record: scoped, or 404."""

from typing import Any, Protocol, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404

M = TypeVar("M", bound=models.Model)


class ScopedQuerySet(Protocol[M]):
    def for_user(self, user: Any) -> "models.QuerySet[M]": ...


def get_for_user_or_404(queryset: "models.QuerySet[M]", user: Any, **lookup: Any) -> M:
    """Return the record if `user` may see it; otherwise 404, the same as if it did not exist."""
    try:
        return queryset.for_user(user).get(**lookup)  # type: ignore[attr-defined, no-any-return]
    except (queryset.model.DoesNotExist, ValidationError, ValueError, TypeError) as error:
        raise Http404 from error
