"""The demo loads the real programmes of DOMAIN.md, with funders as stated and no invented
amounts, and their IATI file validates."""

import pytest
from django.core.management import call_command

from corridor.accounts.models import OrganisationType
from corridor.demo.loader import load_demo
from corridor.programmes.iati_validation import validate_file
from corridor.programmes.models import Funding, Programme, Result

pytestmark = pytest.mark.django_db


def test_the_demo_programmes_load_and_export(tmp_path):
    load_demo(workers=300)  # calls load_programmes

    assert Programme.objects.count() == 4
    periods = {
        p.code: (p.period_start.year, p.period_end and p.period_end.year)
        for p in Programme.objects.all()
    }
    assert periods == {
        "LMCA-2007": (2007, 2009), "RPLM-2010": (2010, 2013),
        "RPM-2014": (2014, 2015), "CARLM-2021": (2021, 2021),
    }  # fmt: skip
    funders = Funding.objects.select_related("funder", "programme")
    assert sorted((f.programme.code, f.funder.name) for f in funders) == [
        ("RPM-2014", "UK Department for International Development"),
        ("RPM-2014", "World Bank"),
    ]
    assert {f.funder.type for f in funders} == {OrganisationType.DONOR}
    assert [f.amount for f in funders] == [None, None]
    assert all(p.dac_sectors == ["15190", "16020"] for p in Programme.objects.all())
    assert Result.objects.filter(source="manual").count() == 3
    output = tmp_path / "demo.xml"
    call_command("iati", "export", "--all", "--output", str(output))
    assert validate_file(output) == []
