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
