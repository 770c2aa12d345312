"""The matcher on a small, hand-made knowledge base: each rule of the coder, exactly."""

import pytest

from corridor.occupations.coder import CONFIDENT_SCORE, LexicalCoder
from corridor.occupations.knowledge import DICTIONARY, ESCO, OKZ, term

KNOWLEDGE = [
    ("7212", "сварщик", "ru", DICTIONARY),
    ("7212", "payvandchi", "uz-Latn", DICTIONARY),
    ("7212", "Сварщики и газорезчики", "ru", OKZ),
    ("8322", "водитель", "ru", DICTIONARY),
    ("8322", "водитель кат. B", "ru", DICTIONARY),
    ("8332", "водитель кат. C", "ru", DICTIONARY),
    ("8332", "водитель грузовика", "ru", DICTIONARY),
    ("8344", "водитель погрузчика", "ru", DICTIONARY),
    ("5223", "продавец", "ru", DICTIONARY),
    ("5230", "продавец-кассир", "ru", DICTIONARY),
    ("5230", "кассир", "ru", DICTIONARY),
    ("9333", "грузчик", "ru", DICTIONARY),
    ("9333", "warehouse worker", "en", ESCO),
    ("9112", "уборщик", "ru", DICTIONARY),
]


@pytest.fixture(scope="module")
def coder():
    return LexicalCoder(t for t in (term(*row) for row in KNOWLEDGE) if t)


def codes(coding):
    return [c.isco_code for c in coding.candidates]


def test_an_exact_dictionary_title_is_coded_confidently_with_its_term_named(coder):
    coding = coder.code("Сварщик")
    assert codes(coding)[0] == "7212"
    assert coding.confident
    assert coding.best.score == pytest.approx(1.0)
    assert coding.best.term.text == "сварщик"
    assert coding.best.matched_words == ("сварщик",)


def test_the_same_word_in_another_script_reaches_the_same_code(coder):
    assert codes(coder.code("пайвандчи"))[0] == "7212"


def test_word_endings_and_feminine_forms_match_by_stem(coder):
    assert codes(coder.code("Требуются водители"))[0] == "8322"
    assert codes(coder.code("уборщица"))[0] == "9112"
    assert codes(coder.code("грузчики"))[0] == "9333"


def test_a_compound_trade_name_contains_the_trade(coder):
    coding = coder.code("Электрогазосварщик")
    assert codes(coding)[0] == "7212"
    assert coding.best.score < 1.0


def test_a_typo_still_finds_the_word_but_less_surely(coder):
    coding = coder.code("свапщик")
    assert codes(coding)[0] == "7212"
    assert coding.best.score < coder.code("сварщик").best.score


def test_the_licence_category_tells_a_lorry_driver_from_a_car_driver(coder):
    assert codes(coder.code("Водитель кат. С на вахту"))[0] == "8332"
    assert codes(coder.code("Водитель категории B"))[0] == "8322"


def test_the_title_that_explains_every_word_ranks_first(coder):
    assert codes(coder.code("Продавец-кассир (м. Выхино)"))[:2] == ["5230", "5223"]
    assert codes(coder.code("Продавец"))[0] == "5223"
    assert codes(coder.code("Водитель погрузчика"))[0] == "8344"


def test_scores_are_ranked_and_at_most_top(coder):
    coding = coder.code("водитель", top=2)
    assert len(coding.candidates) == 2
    assert coding.candidates[0].score >= coding.candidates[1].score


@pytest.mark.parametrize(
    "title", ["", "   ", "12345", "asdfgh", "ыфвафыва", "🙂", "работа срочно", "м. Выхино"]
)
def test_bad_input_gets_no_code(coder, title):
    coding = coder.code(title)
    assert coding.candidates == ()
    assert not coding.confident


def test_a_very_long_text_is_answered_without_confidence(coder):
    text = "Мы ищем ответственного человека в нашу дружную команду. " * 50 + "сварщик"
    coding = coder.code(text)
    assert not coding.confident


def test_a_title_half_unknown_is_not_confident(coder):
    coding = coder.code("сварщик кондитер астроном")
    assert codes(coding)[0] == "7212"
    assert coding.best.score < CONFIDENT_SCORE
    assert not coding.confident


def test_code_many_answers_each_title_in_order(coder):
    many = coder.code_many(["грузчик", "кассир", ""])
    assert [codes(c)[:1] for c in many] == [["9333"], ["5230"], []]
