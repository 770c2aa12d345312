"""Scoping by construction: which rows a user may fetch, and the one way to fetch one or 404.

Every scoped model's QuerySet derives from `ScopedQuerySet`: its `for_user()` shows nobody
signed out (or a deactivated login) anything before the model's own rule runs, so a new model
cannot forget that guard. The model says only what a signed-in user sees, in `scope()`; rows
that belong to a parent (a worker's documents, a complaint's messages) derive from
`ThroughParentQuerySet` and name the foreign key instead: they are visible exactly when their
parent is. `core/tests/test_organisation_owned_registry.py` fails on a model that reaches a
worker or is keyed by an organisation without one of these.
"""

from typing import Any, ClassVar, Self

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.http import Http404


def is_signed_in(user: Any) -> bool:
    """Whether `user` is an active, authenticated login (AnonymousUser and None are not)."""
    return bool(user is not None and user.is_authenticated and user.is_active)


class ScopedQuerySet[M: models.Model](models.QuerySet[M]):
    """Rows a user may see: `for_user()` guards, the subclass's `scope()` decides."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # The guard lives in for_user() alone; a subclass writes scope() and cannot skip it.
        if "for_user" in cls.__dict__:
            raise TypeError(f"{cls.__name__} overrides for_user(); write scope() instead.")

    def for_user(self, user: Any) -> Self:
        if not is_signed_in(user):
            return self.none()
        return self.scope(user)

    def scope(self, user: Any) -> Self:
        """The rows a signed-in `user` may see (the subclass's rule)."""
        raise NotImplementedError(f"{type(self).__name__} must say what a user sees in scope().")


class ThroughParentQuerySet[M: models.Model](ScopedQuerySet[M]):
    """Rows of one parent record: visible exactly when their parent is."""

    # The foreign key to the parent, whose model's QuerySet is scoped itself.
    parent: ClassVar[str]

    def scope(self, user: Any) -> Self:
        field = self.model._meta.get_field(self.parent)
        parents: Any = field.related_model._default_manager.all()  # type: ignore[union-attr]
        return self.filter(**{f"{self.parent}__in": parents.for_user(user)})


def get_for_user_or_404[M: models.Model](
    queryset: "models.QuerySet[M]", user: Any, **lookup: Any
) -> M:
    """Return the record if `user` may see it; otherwise 404, the same as if it did not exist.

    `queryset` must offer `for_user()` (every scoped model's QuerySet does).
    """
    try:
        return queryset.for_user(user).get(**lookup)  # type: ignore[attr-defined, no-any-return]
    except (ObjectDoesNotExist, ValidationError, ValueError, TypeError) as error:
        raise Http404 from error
