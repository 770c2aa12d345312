"""ninja names an API schema's component after its class: two classes of one name are one
component in the OpenAPI document, and one of them is documented with the other's fields
(a worker's languages were documented as a service's; complaint, application and referral
steps shared one shape). Every schema class of Corridor has a name of its own."""

from collections import defaultdict

from ninja import Schema

import corridor.api  # noqa: F401  (every router, and so every schema, imported)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_no_two_schema_classes_share_a_name():
    modules = defaultdict(set)
    for schema in _subclasses(Schema):
        if schema.__module__.startswith("corridor.") and ".tests." not in schema.__module__:
            modules[schema.__name__].add(schema.__module__)

    assert {name: where for name, where in modules.items() if len(where) > 1} == {}
