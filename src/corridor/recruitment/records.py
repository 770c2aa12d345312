"""What other apps add to a recruiter's or employer's record, without recruitment importing them.

Complaints (grievances) count on the record of the organisation they are against; grievances
imports recruitment, not the reverse, so it registers a part here when it starts.
"""

from collections.abc import Callable
from typing import Any

from corridor.accounts.models import Organisation

# A part returns rows of (label, value, is_bad) for one organisation.
RecordPart = Callable[[Organisation], list[tuple[str, Any, bool]]]
_PARTS: list[RecordPart] = []


def contribute(part: RecordPart) -> RecordPart:
    if part not in _PARTS:
        _PARTS.append(part)
    return part


def record_rows(organisation: Organisation) -> list[tuple[str, Any, bool]]:
    return [row for part in _PARTS for row in part(organisation)]
