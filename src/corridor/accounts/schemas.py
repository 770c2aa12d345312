"""API shapes other apps' APIs share: an organisation named in an answer."""

import uuid

from ninja import Schema


class OrganisationRef(Schema):
    """An organisation as another record names it: its id and name (not personal data)."""

    id: uuid.UUID
    name: str
