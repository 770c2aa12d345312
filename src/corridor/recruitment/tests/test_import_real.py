"""Importing real "Work in Russia" vacancies (issue 14): none is lost because of the coder.

`data/trudvsem_api_primorsky.json` holds the 36 vacancies of Spassk-Dalny (Primorsky Krai) that
the portal's API served on 2026-07-02, in the API's shape (see `data/README.md` for where they
come from and what was rebuilt). The importer used to refuse four of them: three civil-service
titles the coder could not place and one employer known only by the portal's `companycode`.
"""

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from corridor.accounts.models import EmployerStatus, Organisation
from corridor.core.models import AuditAction, AuditEvent
from corridor.occupations.models import CodedTitle, CodingStatus
from corridor.recruitment import importing
from corridor.recruitment.models import Vacancy

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
PRIMORSKY = DATA / "trudvsem_api_primorsky.json"

PROPERTY = "1325b668-5261-11f1-b37c-614806db9c9b"  # ведущий специалист … имущественных отношений
JUVENILE = "340133d8-5263-11f1-b37c-614806db9c9b"  # ведущий специалист … несовершеннолетних
PERSONNEL = "9b11a420-0870-11f1-b61c-b780d0024235"  # Начальник отдела (управления кадрами …)
CODE_ONLY = "73b8bae0-5fbd-11f1-ae65-05b28ac604d6"  # employer known by its companycode only
COMPANY_CODE = "983cd9c0-79f3-11ea-80a5-736ab11edb0c"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def records(path: Path = PRIMORSKY) -> list[importing.Record]:
    return importing.read_file(path, importing.API)


def api_file(tmp_path: Path, vacancies: list[dict]) -> Path:
    path = tmp_path / "api.json"
    path.write_text(
        json.dumps({"results": {"vacancies": vacancies}}, ensure_ascii=False), encoding="utf-8"
    )
    return path


def primorsky_vacancies() -> list[dict]:
    return json.loads(PRIMORSKY.read_text(encoding="utf-8"))["results"]["vacancies"]


def test_every_real_vacancy_of_the_region_is_kept():
    result = importing.import_records(records())

    assert (result.records, result.created, result.rejected) == (36, 36, [])
    assert result.written
    assert Vacancy.objects.count() == 36


def test_a_civil_service_title_is_kept_with_its_title_and_a_code_for_review():
    importing.import_records(records())

    vacancy = Vacancy.objects.select_related("coded_title").get(source_id=PROPERTY)
    assert vacancy.title == "ведущий специалист 1 разряда управления имущественных отношений"
    # "Property relations" points to two unit groups (policy administration in a government
    # office, property management): the coder offers the first and stays unsure.
    assert vacancy.isco_id == "2422"
    assert vacancy.coded_title is not None
    assert vacancy.coded_title.status == CodingStatus.NEEDS_REVIEW
    assert vacancy.coded_title in CodedTitle.objects.needing_review()


def test_the_department_words_choose_the_unit_group():
    importing.import_records(records())

    personnel = Vacancy.objects.select_related("coded_title").get(source_id=PERSONNEL)
    assert personnel.isco_id == "1212"  # human resource managers: the head of the HR department
    juvenile = Vacancy.objects.select_related("coded_title").get(source_id=JUVENILE)
    assert juvenile.isco_id == "2635"
    assert juvenile.coded_title is not None
    assert juvenile.coded_title.status == CodingStatus.NEEDS_REVIEW


def test_a_title_the_coder_barely_knows_is_kept_for_review_not_refused(tmp_path):
    vacancy = primorsky_vacancies()[0]
    vacancy["vacancy"]["job-name"] = "Ведущий специалист"
    importing.import_records(records(api_file(tmp_path, [vacancy])))

    kept = Vacancy.objects.select_related("coded_title").get()
    assert kept.title == "Ведущий специалист"
    assert kept.coded_title is not None
    assert kept.coded_title.status == CodingStatus.NEEDS_REVIEW
    assert kept.isco_id == "2422"


def test_an_employer_known_only_by_its_company_code_is_created_under_review_and_audited():
    importing.import_records(records())

    vacancy = Vacancy.objects.select_related("employer").get(source_id=CODE_ONLY)
    employer = vacancy.employer
    assert (employer.inn, employer.ogrn, employer.trudvsem_code) == ("", "", COMPANY_CODE)
    assert employer.name == 'КГКУ "ЦЕНТР СОДЕЙСТВИЯ СЕМЕЙНОМУ УСТРОЙСТВУ Г. СПАССКА-ДАЛЬНЕГО"'
    assert employer.employer_status == EmployerStatus.UNDER_REVIEW
    assert employer.region_id == "RU-PRI"
    event = AuditEvent.objects.get(object_type="accounts.organisation", object_id=str(employer.pk))
    assert event.action == AuditAction.CREATE
    assert event.actor_label == "import: trudvsem"
    assert event.changes["trudvsem_code"] == [None, COMPANY_CODE]


def test_the_employer_is_found_again_by_its_company_code(tmp_path):
    importing.import_records(records())
    organisations = Organisation.objects.count()
    code_only = next(v for v in primorsky_vacancies() if v["vacancy"]["id"] == CODE_ONLY)
    code_only["vacancy"]["id"] = "0d5f1c2e-0000-4000-8000-000000000001"
    code_only["vacancy"]["company"]["companycode"] = COMPANY_CODE.upper()  # case is no matter

    result = importing.import_records(records(api_file(tmp_path, [code_only])))

    assert (result.created, result.rejected) == (1, [])
    assert Organisation.objects.count() == organisations
    assert Organisation.objects.filter(trudvsem_code=COMPANY_CODE).count() == 1


def test_a_second_import_of_the_real_file_changes_nothing():
    importing.import_records(records())
    events = AuditEvent.objects.count()

    result = importing.import_records(records())

    assert (result.created, result.updated, result.unchanged, result.rejected) == (0, 0, 36, [])
    assert AuditEvent.objects.count() == events


def test_an_employer_with_no_identifier_at_all_is_still_refused_with_a_reason(tmp_path):
    vacancy = primorsky_vacancies()[0]
    vacancy["vacancy"]["company"] = {"name": "ООО «Без реквизитов»"}
    result = importing.import_records(records(api_file(tmp_path, [vacancy])))

    assert [r.reason for r in result.rejected] == [
        "The employer has neither an INN, an OGRN nor a company code of the portal: "
        "it cannot be told from any other."
    ]
    assert not Vacancy.objects.exists()
    assert not Organisation.objects.exists()


def test_a_company_code_that_is_not_a_code_is_no_identifier(tmp_path):
    vacancy = primorsky_vacancies()[0]
    vacancy["vacancy"]["company"] = {"name": "ООО «Ромашка»", "companycode": "<script> 1; DROP"}
    result = importing.import_records(records(api_file(tmp_path, [vacancy])))

    assert result.created == 0
    assert "neither an INN, an OGRN nor a company code" in result.rejected[0].reason


def test_a_title_that_names_no_occupation_is_refused_in_russian_too(tmp_path):
    vacancy = primorsky_vacancies()[0]
    vacancy["vacancy"]["job-name"] = "Требуется сотрудник"
    with translation.override("ru"):
        result = importing.import_records(records(api_file(tmp_path, [vacancy])))

    assert result.created == 0
    assert result.rejected[0].reason.startswith("В названии «Требуется сотрудник» нет профессии")
    assert not Vacancy.objects.exists()


def test_strict_still_writes_nothing_when_one_record_is_ill_formed(tmp_path):
    vacancies = primorsky_vacancies()
    vacancies[5]["vacancy"]["region"] = {"region_code": "9900000000000"}

    result = importing.import_records(records(api_file(tmp_path, vacancies)), strict=True)

    assert not result.written
    assert (result.created, len(result.rejected)) == (35, 1)
    assert not Vacancy.objects.exists()
    assert not Organisation.objects.exists()
    assert not AuditEvent.objects.exists()
    assert not CodedTitle.objects.exists()


def test_the_command_reports_every_real_record_accepted(capsys):
    call_command("vacancies", "import", str(PRIMORSKY), format=importing.API)

    assert "36 records: 36 accepted (36 created, 0 updated), 0 rejected" in capsys.readouterr().err
