"""Public-sector and management titles (ISCO-08 major groups 1-4, issue 14) with the shipped
dictionary: the department words choose the unit group; a bare grade stays unsure."""

import pytest

from corridor.occupations.services import shipped_coder


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("Начальник отдела (управления кадрами и трудовыми отношениями)", "1212"),
        ("Директор по персоналу / HR-директор", "1212"),
        ("Специалист по кадрам", "2423"),
        ("Инспектор отдела кадров", "4416"),
        ("Юрисконсульт", "2611"),
        ("Экономист", "2631"),
        ("Делопроизводитель", "4110"),
        ("Секретарь руководителя", "3343"),
        ("Главный врач", "1342"),
        ("Начальник управления образования", "1345"),
    ],
)
def test_a_title_whose_words_name_the_job_is_coded_confidently(title, code):
    coding = shipped_coder().code(title)

    assert coding.best is not None
    assert (coding.best.isco_code, coding.confident) == (code, True)


@pytest.mark.parametrize(
    ("title", "first", "also"),
    [
        # Property relations: policy administration in an office, or property management.
        ("ведущий специалист 1 разряда управления имущественных отношений", "2422", "3334"),
        ("Главный специалист", "2422", "3359"),
        ("Заместитель начальника отдела", "1213", "1219"),
        ("Консультант", "2422", "3359"),
    ],
)
def test_a_grade_or_a_vague_department_stays_unsure_with_both_groups_offered(title, first, also):
    coding = shipped_coder().code(title)

    codes = [c.isco_code for c in coding.candidates]
    assert codes[0] == first
    assert also in codes
    assert not coding.confident


def test_a_weak_guess_is_offered_only_below_the_usual_floor_when_asked():
    title = "Монтер пути"
    usual = shipped_coder().code(title)
    guessed = shipped_coder().code(title, floor=0.1)

    assert [c.isco_code for c in usual.candidates] == [
        c.isco_code for c in guessed.candidates if c.score >= 0.30
    ]
    assert not guessed.confident


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("Начальник отдела информационных технологий", "1330"),
        ("Руководитель отдела информационных технологий", "1330"),
        ("Заместитель начальника отдела информационных технологий", "1330"),
        ("Начальник управления информационных технологий", "1330"),
        ("Начальник отдела ИТ", "1330"),
        ("Руководитель IT-отдела", "1330"),
        ("Начальник отдела информатизации", "1330"),
        ("Директор по информационным технологиям", "1330"),
        ("Начальник отдела закупок", "1324"),
        ("Начальник отдела продаж", "1221"),
        ("Начальник отдела бухгалтерского учета", "1211"),
    ],
)
def test_the_head_of_a_department_is_coded_to_the_managers_of_its_domain(title, code):
    coding = shipped_coder().code(title)

    assert coding.best is not None
    assert (coding.best.isco_code, coding.confident) == (code, True)


@pytest.mark.parametrize(
    ("title", "code"),
    [
        # The contract service's own specialist is 3323 (below); its lawyer is a lawyer.
        ("Юрисконсульт контрактной службы", "2611"),
        ("Ведущий юрисконсульт контрактной службы", "2611"),
        ("Юрисконсульт отдела закупок", "2611"),
        ("Бухгалтер контрактной службы", "2411"),
        ("Экономист отдела закупок", "2631"),
        ("Программист отдела информационных технологий", "2512"),
    ],
)
def test_the_head_noun_of_a_title_outranks_the_department_it_works_in(title, code):
    coding = shipped_coder().code(title)

    assert coding.best is not None
    assert coding.best.isco_code == code


def test_a_department_without_its_head_is_still_the_department_s_specialist():
    coding = shipped_coder().code("Специалист контрактной службы")

    assert coding.best is not None
    assert (coding.best.isco_code, coding.confident) == ("3323", True)
