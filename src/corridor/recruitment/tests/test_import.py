"""Importing "Work in Russia" (trudvsem) vacancies: `corridor vacancies import FILE --format ...`."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from corridor.accounts.models import EmployerStatus, Organisation, OrganisationType
from corridor.core.models import AuditAction, AuditEvent
from corridor.occupations.models import CodedTitle
from corridor.recruitment import importing
from corridor.recruitment.importing import Record, iso_region, reading, wage_range, writing
from corridor.recruitment.models import Housing, Schedule, Vacancy, VacancyStatus

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
API_FILE = DATA / "trudvsem_api.json"
DUMP_FILE = DATA / "trudvsem_dump.json"

WELDER = "5b2f8e1a-1c3d-4e5f-9a7b-0c1d2e3f4a01"
LOADER = "5b2f8e1a-1c3d-4e5f-9a7b-0c1d2e3f4a02"
FITTER = "5b2f8e1a-1c3d-4e5f-9a7b-0c1d2e3f4a03"
DUMP_LOADER = "d41c7b52-8e6a-4f0b-b3c9-7a1e2d3c4b01"
DUMP_WELDER = "d41c7b52-8e6a-4f0b-b3c9-7a1e2d3c4b02"

# Contact data of the employers' staff in the fixtures; none of it may be stored.
CONTACTS = (
    "+7 (916) 123-45-67",
    "123-45-67",
    "m.ivanova@sber-example.ru",
    "Иванова",
    "hr.office@sber-example.ru",
    "500-55-50",
    "+7 (495) 739-70-00",
    "+7 (926) 765-43-21",
    "Петров Сергей",
)


@pytest.fixture(autouse=True)
def _english():
    # Reasons are compared in the English of the code, whatever LANGUAGE_CODE says.
    with translation.override("en"):
        yield


@pytest.fixture
def blocked_bank():
    return Organisation.objects.create(
        name="АО «Альфа-Банк»",
        type=OrganisationType.EMPLOYER,
        country="RU",
        inn="7728168971",
        ogrn="1027700067328",
        employer_status=EmployerStatus.BLOCKED,
    )


def run(path, fmt="trudvsem-api", **options) -> None:
    call_command("vacancies", "import", str(path), format=fmt, **options)


def imported(capsys, path, fmt="trudvsem-api", **options) -> str:
    """Run the command; what it said on stderr."""
    capsys.readouterr()
    call_command("vacancies", "import", str(path), format=fmt, **options)
    return capsys.readouterr().err


def reasons(err: str) -> dict[str, str]:
    """{record label: reason} from the command's stderr."""
    found = {}
    for line in err.splitlines():
        line = line.removeprefix("[vacancies] ")
        if line.startswith("record ") and ": " in line:
            label, reason = line.split(": ", 1)
            found[label] = reason
    return found


def nothing_written(organisations: int = 0) -> bool:
    return (
        not Vacancy.objects.exists()
        and Organisation.objects.count() == organisations
        and not AuditEvent.objects.exists()
        and not CodedTitle.objects.exists()
    )


# The API shape ---------------------------------------------------------------------------------


def test_the_api_file_creates_the_good_records_and_says_why_the_others_are_rejected(
    capsys, blocked_bank
):
    err = imported(capsys, API_FILE)

    assert Vacancy.objects.count() == 3
    assert set(Vacancy.objects.values_list("source_id", flat=True)) == {WELDER, LOADER, FITTER}
    assert "10 records: 3 accepted (3 created, 0 updated), 7 rejected" in err
    assert reasons(err) == {
        "record 4 (id 5b2f8e1a-1c3d-4e5f-9a7b-0c1d2e3f4a04)": (
            "No wage is given (negotiable, zero or no amount)."
        ),
        "record 5 (id 5b2f8e1a-1c3d-4e5f-9a7b-0c1d2e3f4a05)": "Unknown region code 9900000000000.",
        "record 6": "The record has no id.",
        "record 7 (id 5b2f8e1a-1c3d-4e5f-9a7b-0c1d2e3f4a07)": (
            "The employer's INN is not valid (wrong length or check digit)."
        ),
        "record 8 (id 5b2f8e1a-1c3d-4e5f-9a7b-0c1d2e3f4a08)": (
            "This employer is blocked: it cannot post vacancies."
        ),
        "record 9 (id 5b2f8e1a-1c3d-4e5f-9a7b-0c1d2e3f4a09)": (
            "The wage range is inconsistent: the highest (70000) is below the lowest (90000)."
        ),
        "record 10 (id 5b2f8e1a-1c3d-4e5f-9a7b-0c1d2e3f4a10)": (
            "The title “Требуется сотрудник” names no occupation: none of its words is a job "
            "Corridor knows. Give the job's name in the title."
        ),
    }


def test_the_fields_of_an_api_vacancy_are_mapped(blocked_bank):
    run(API_FILE)

    welder = Vacancy.objects.select_related("employer").get(source_id=WELDER)
    assert welder.title == "Электрогазосварщик"
    assert welder.isco_id == "7212"
    assert welder.region_id == "RU-MOW"
    assert welder.address == "г. Москва, ул. Вавилова, д. 19"
    assert welder.places == 3
    assert (welder.wage_min, welder.wage_max) == (Decimal(80000), Decimal(120000))
    assert welder.schedule == Schedule.SHIFTS
    assert welder.housing == Housing.NONE
    assert welder.open_to_foreign is True
    assert welder.status == VacancyStatus.OPEN
    assert welder.source == "trudvsem"
    assert welder.source_url.startswith("https://trudvsem.ru/vacancy/card/")
    assert welder.organisation == welder.employer
    assert welder.employer.name == "ПАО Сбербанк"
    # The duty's HTML becomes text, the requirements follow it.
    assert welder.description.startswith(
        "Сварка металлоконструкций ручной дуговой сваркой.\n- Работа по чертежам\n"
        "- Контроль качества швов\n"
    )
    assert "<" not in welder.description
    assert welder.description.endswith("Удостоверение сварщика НАКС, опыт от 1 года")

    loader = Vacancy.objects.get(source_id=LOADER)
    assert loader.region_id == "RU-MOS"
    assert (loader.wage_min, loader.wage_max) == (Decimal(40000), Decimal(60000))
    # `address` came as one object, not a list.
    assert loader.address == "Московская обл., г. Подольск, ул. Складская, д. 7"
    assert loader.places == 1
    assert loader.schedule == Schedule.FULL_TIME
    assert loader.open_to_foreign is False  # the API did not say it is open to foreigners

    fitter = Vacancy.objects.get(source_id=FITTER)
    assert fitter.region_id == "RU-YAN"
    assert fitter.schedule == Schedule.ROTATION
    assert (fitter.wage_min, fitter.wage_max) == (Decimal(95000), Decimal(95000))
    assert fitter.places == 5
    assert fitter.open_to_foreign is False


def test_new_employers_are_created_under_review_and_the_rejected_ones_are_not_created(
    blocked_bank,
):
    run(API_FILE)

    employers = Organisation.objects.exclude(pk=blocked_bank.pk)
    assert sorted(employers.values_list("inn", "ogrn", "employer_status", "type", "country")) == [
        ("7707083893", "1027700132195", "under_review", "employer", "RU"),
        ("7736207543", "1027739609391", "under_review", "employer", "RU"),
        ("8901012341", "1088900001233", "under_review", "employer", "RU"),
    ]
    sber = Organisation.objects.get(inn="7707083893")
    assert sber.region_id == "RU-MOW"
    assert not Organisation.objects.filter(inn="7707083890").exists()


def test_each_vacancy_is_audited_as_the_import(blocked_bank):
    run(API_FILE)

    events = AuditEvent.objects.filter(object_type="recruitment.vacancy")
    assert events.count() == 3
    assert {e.action for e in events} == {AuditAction.CREATE}
    assert {e.actor_label for e in events} == {"import: trudvsem"}
    assert all(e.actor is None for e in events)
    welder = Vacancy.objects.get(source_id=WELDER)
    event = events.get(object_id=str(welder.pk))
    assert event.changes["title"] == [None, "Электрогазосварщик"]
    assert event.changes["wage_min"] == [None, "80000"]


def test_a_blocked_employers_records_are_rejected(capsys, blocked_bank):
    err = imported(capsys, API_FILE)

    assert not Vacancy.objects.filter(employer=blocked_bank).exists()
    assert (
        "This employer is blocked"
        in reasons(err)["record 8 (id 5b2f8e1a-1c3d-4e5f-9a7b-0c1d2e3f4a08)"]
    )
    blocked_bank.refresh_from_db()
    assert blocked_bank.employer_status == EmployerStatus.BLOCKED


def test_without_the_blocked_employer_in_the_registry_its_vacancy_is_imported():
    run(API_FILE)

    alfa = Organisation.objects.get(inn="7728168971")
    assert alfa.employer_status == EmployerStatus.UNDER_REVIEW
    assert Vacancy.objects.filter(employer=alfa).count() == 1


# Importing again -------------------------------------------------------------------------------


def test_a_second_import_updates_and_does_not_duplicate(capsys, tmp_path, blocked_bank):
    run(API_FILE)
    data = json.loads(API_FILE.read_text(encoding="utf-8"))
    data["results"]["vacancies"][0]["vacancy"]["salary_max"] = 130000
    changed = tmp_path / "again.json"
    changed.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    organisations = Organisation.objects.count()

    err = imported(capsys, changed)

    assert "10 records: 3 accepted (0 created, 1 updated, 2 unchanged), 7 rejected" in err
    assert Vacancy.objects.count() == 3
    assert Organisation.objects.count() == organisations
    assert Organisation.objects.filter(inn="7707083893").count() == 1
    welder = Vacancy.objects.get(source_id=WELDER)
    assert welder.wage_max == Decimal(130000)
    update = AuditEvent.objects.get(object_id=str(welder.pk), action=AuditAction.UPDATE)
    assert update.changes == {"wage_max": ["120000", "130000"]}
    assert update.actor_label == "import: trudvsem"


def test_an_update_keeps_the_status_staff_set(tmp_path, blocked_bank):
    run(API_FILE)
    Vacancy.objects.filter(source_id=WELDER).update(status=VacancyStatus.FILLED)
    data = json.loads(API_FILE.read_text(encoding="utf-8"))
    data["results"]["vacancies"][0]["vacancy"]["work_places"] = 4
    changed = tmp_path / "again.json"
    changed.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    run(changed)

    welder = Vacancy.objects.get(source_id=WELDER)
    assert (welder.places, welder.status) == (4, VacancyStatus.FILLED)


def test_a_new_title_is_coded_again_and_a_new_employer_is_refused(capsys, tmp_path):
    data = json.loads(DUMP_FILE.read_text(encoding="utf-8"))
    path = tmp_path / "dump.json"
    path.write_text(json.dumps({"vacancies": data["vacancies"][1:2]}), encoding="utf-8")
    run(path, "trudvsem-dump")
    data["vacancies"][1]["vacancy_name"] = "Кладовщик"
    path.write_text(json.dumps({"vacancies": data["vacancies"][1:2]}), encoding="utf-8")

    run(path, "trudvsem-dump")

    vacancy = Vacancy.objects.get()
    assert (vacancy.title, vacancy.isco_id) == ("Кладовщик", "4321")
    data["vacancies"][1]["company"] = {"inn": "7736207543", "name": "ООО «Яндекс»"}
    path.write_text(json.dumps({"vacancies": data["vacancies"][1:2]}), encoding="utf-8")
    err = imported(capsys, path, "trudvsem-dump")

    assert "imported before for another employer" in err
    assert Vacancy.objects.get().employer.inn == "7707083893"
    assert not Organisation.objects.filter(inn="7736207543").exists()


def test_an_id_met_twice_in_one_file_is_imported_once(capsys, tmp_path):
    data = json.loads(DUMP_FILE.read_text(encoding="utf-8"))
    path = tmp_path / "dump.json"
    path.write_text(json.dumps({"vacancies": data["vacancies"][:2] * 2}), encoding="utf-8")

    err = imported(capsys, path, "trudvsem-dump")

    assert Vacancy.objects.count() == 2
    assert reasons(err)[f"record 3 (id {DUMP_LOADER})"] == (
        "The same id is in record 1 of this file."
    )


def test_employers_are_found_by_inn_across_shapes_and_runs(blocked_bank):
    run(API_FILE)
    organisations = Organisation.objects.count()

    run(DUMP_FILE, "trudvsem-dump")

    assert Organisation.objects.count() == organisations
    sber = Organisation.objects.get(inn="7707083893")
    assert Vacancy.objects.get(source_id=DUMP_WELDER).employer == sber


def test_an_employer_is_found_by_ogrn_when_the_inn_is_not_known(tmp_path):
    sber = Organisation.objects.create(
        name="Сбербанк",
        type=OrganisationType.EMPLOYER,
        country="RU",
        ogrn="1027700132195",
    )
    data = json.loads(DUMP_FILE.read_text(encoding="utf-8"))
    path = tmp_path / "dump.json"
    path.write_text(json.dumps({"vacancies": data["vacancies"][1:2]}), encoding="utf-8")

    run(path, "trudvsem-dump")

    assert Vacancy.objects.get().employer == sber
    assert Organisation.objects.count() == 1


# The dump shape --------------------------------------------------------------------------------


def test_the_dump_file_is_imported(capsys):
    err = imported(capsys, DUMP_FILE, "trudvsem-dump")

    assert "3 records: 2 accepted (2 created, 0 updated), 1 rejected" in err
    loader = Vacancy.objects.get(source_id=DUMP_LOADER)
    assert loader.region_id == "RU-MOS"
    assert loader.schedule == Schedule.ROTATION
    assert loader.housing == Housing.FREE
    assert (loader.wage_min, loader.wage_max) == (Decimal(45000), Decimal(45000))
    assert loader.places == 10
    assert loader.isco_id == "9333"
    assert loader.address.startswith("Московская область, г. Домодедово")
    # The dump has no field for it: its vacancies are taken as open to foreign citizens.
    assert loader.open_to_foreign is True
    welder = Vacancy.objects.get(source_id=DUMP_WELDER)
    assert welder.region_id == "RU-MOW"
    assert welder.schedule == Schedule.PART_TIME
    assert welder.housing == Housing.NONE
    assert reasons(err) == {
        "record 3 (id d41c7b52-8e6a-4f0b-b3c9-7a1e2d3c4b03)": (
            "No wage is given (negotiable, zero or no amount)."
        )
    }


# --strict and files that cannot be imported ----------------------------------------------------


def test_strict_writes_nothing_when_any_record_is_rejected(capsys, blocked_bank):
    with pytest.raises(CommandError, match="--strict: 7 of 10 records rejected, nothing written"):
        run(API_FILE, strict=True)

    assert nothing_written(organisations=1)
    assert "5b2f8e1a-1c3d-4e5f-9a7b-0c1d2e3f4a07" in capsys.readouterr().err


def test_strict_writes_everything_when_every_record_is_good(tmp_path):
    data = json.loads(DUMP_FILE.read_text(encoding="utf-8"))
    path = tmp_path / "good.json"
    path.write_text(json.dumps({"vacancies": data["vacancies"][:2]}), encoding="utf-8")

    run(path, "trudvsem-dump", strict=True)

    assert Vacancy.objects.count() == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"id;title\n1;welder\n", "is not JSON"),
        ('{"vacancies": [{"vacancy_name": "Сварщик"}]}'.encode("cp1251"), "is not UTF-8"),
        (b'[{"id": "1"}]', "has neither trudvsem shape"),
        (b'{"results": [], "vacancies": {"id": 1}}', "has neither trudvsem shape"),
        (b'{"vacancies": []}', "use --format trudvsem-dump"),
    ],
)
def test_a_file_that_cannot_be_imported_is_an_error_and_writes_nothing(tmp_path, content, message):
    path = tmp_path / "vacancies.json"
    path.write_bytes(content)

    with pytest.raises(CommandError, match=message):
        run(path)

    assert nothing_written()


def test_a_missing_file_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot open"):
        run(tmp_path / "nowhere.json")


def test_an_interrupted_import_leaves_nothing_half_written(monkeypatch, blocked_bank):
    written = []
    real_record_many = writing.audit.record_many

    def write_then_fail(events):
        # Employers, vacancies and their audit events are in the database, uncommitted.
        real_record_many(events)
        written.append(Vacancy.objects.count())
        raise KeyboardInterrupt

    monkeypatch.setattr(writing.audit, "record_many", write_then_fail)
    with pytest.raises(KeyboardInterrupt):
        run(API_FILE)

    assert written == [3]
    assert nothing_written(organisations=1)


# Contact data ----------------------------------------------------------------------------------


def test_contact_data_is_stored_nowhere_and_never_printed(capsys, blocked_bank):
    err = imported(capsys, API_FILE) + imported(capsys, DUMP_FILE, "trudvsem-dump")

    stored = " ".join(
        [
            *(str(row) for row in Vacancy.objects.values()),
            *(str(row) for row in Organisation.objects.values()),
            *(json.dumps(e.changes, ensure_ascii=False) for e in AuditEvent.objects.all()),
            *(str(row) for row in CodedTitle.objects.values()),
        ]
    )
    for contact in CONTACTS:
        assert contact not in stored
        assert contact not in err
    # The phone and the e-mail the employer typed into the duty text are cut out too.
    assert "Вопросы по тел. … или …" in Vacancy.objects.get(source_id=WELDER).description


# Single values ---------------------------------------------------------------------------------


def test_region_codes_map_to_iso():
    assert iso_region("7700000000000") == "RU-MOW"
    assert iso_region("5000000000000") == "RU-MOS"
    assert iso_region("8900000000000") == "RU-YAN"
    assert iso_region("77") == "RU-MOW"
    assert iso_region("9900000000000") is None
    assert iso_region("770000000000") is None
    assert iso_region("") is None


@pytest.mark.parametrize(
    ("salary_min", "salary_max", "salary", "expected"),
    [
        (40000, 60000, "", (40000, 60000)),
        ("от 40000", "до 60 000 руб.", "", (40000, 60000)),
        ("40\u00a0000,00", None, "", (40000, 40000)),
        (50000, 0, "", (50000, 50000)),
        (50000, 50000, "", (50000, 50000)),
        (0, 0, "от 35000 до 45000", (35000, 45000)),
        (None, None, "от 35 000", (35000, 35000)),
        (0, 0, "договорная", "No wage"),
        ("договорная", "договорная", "", "No wage"),
        (None, None, "", "No wage"),
        (-5000, None, "", "No wage"),
        (0, 60000, "", "Only the highest wage"),
        (None, None, "до 60000", "Only the highest wage"),
        (60000, 50000, "", "inconsistent"),
    ],
)
def test_wages_are_read_from_numbers_and_text(salary_min, salary_max, salary, expected):
    record = reading._from_api(
        {"salary_min": salary_min, "salary_max": salary_max, "salary": salary}, 1
    )

    found = wage_range(record)

    if isinstance(expected, tuple):
        assert found == (Decimal(expected[0]), Decimal(expected[1]))
    else:
        assert isinstance(found, str)
        assert expected in found


def test_untrusted_values_of_any_type_never_break_the_reading():
    odd = {
        "id": ["not", "text"],
        "job-name": {"nested": True},
        "region": "7700000000000",
        "company": "ПАО Сбербанк",
        "salary_min": {"amount": 1},
        "addresses": {"address": "ул. Ленина"},
        "work_places": -3,
        "workPlaceType": [True],
        "vac_url": "javascript:alert(1)",
    }
    record = reading._from_api(odd, 1)

    assert record == Record(index=1, places=1)
    assert importing.check(record) == "The record has no id."


def test_numbers_that_lost_their_leading_zeros_are_read_back():
    record = reading._from_dump(
        {"state_region_code": 100000000000, "company": {"inn": 274051582, "ogrn": 1020202552920}},
        1,
    )

    assert record.region_code == "0100000000000"
    assert iso_region(record.region_code) == "RU-AD"
    assert record.inn == "0274051582"
    assert record.ogrn == "1020202552920"
    assert reading._from_dump({"company": {"inn": 7707083893}}, 1).inn == "7707083893"
