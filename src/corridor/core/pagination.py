"""The one pagination of the whole API: `limit` and `offset`, each with bounds.

Without bounds a client could ask for `limit=10**30` or `offset=10**30`: the number reaches the
database as an SQL LIMIT/OFFSET past 64 bits and the request fails with a 500. Past the bounds
the answer is a 422 that says which parameter and why, like any other invalid value.
"""

from typing import Any

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

# Lists are read a page at a time; 200 rows is more than any page or export of the API needs
# (exports have their own endpoints).
MAX_LIMIT = 200
DEFAULT_LIMIT = 100
# Far beyond the largest list a deployment holds (a country's registry is a few million rows),
# and well inside what every database accepts as an OFFSET.
MAX_OFFSET = 100_000_000


class BoundedLimitOffset(LimitOffsetPagination):
    """ninja's limit/offset pagination with both numbers bounded."""

    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)
