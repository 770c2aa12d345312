"""Schemathesis over every API operation as a caseworker: no answer is a 500, every status is
one the operation documents, every body matches its schema.

Path parameters name the matrix world's real records (a random id only ever meets a 404,
which the matrix already proves); queries and bodies are generated. A fixed seed and a small
budget per operation keep the pass deterministic and inside CI's time.
"""

import json

import pytest
import schemathesis
from django.core.serializers.json import DjangoJSONEncoder
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from corridor.api import api
from corridor.core.tests.matrix import routes
from corridor.core.tests.matrix.world import OWN_CW

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

schema = schemathesis.openapi.from_dict(
    json.loads(json.dumps(api.get_openapi_schema(), cls=DjangoJSONEncoder))
)
schema.app = get_wsgi_application()
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_OPERATION = 25


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_operation_fails(case, world, wsgi_connection_kept):
    operation = f"{case.method.upper()} {case.path}"
    if case.path_parameters:
        case.path_parameters = routes.fill(world, operation, tuple(case.path_parameters))
    case.call_and_validate(
        headers={"Authorization": f"Bearer {world.tokens[OWN_CW]}"}, checks=CHECKS
    )
