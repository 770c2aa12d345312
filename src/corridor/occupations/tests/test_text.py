import pytest

from corridor.occupations.text import licence_words, normalised_title, title_tokens, title_words


@pytest.mark.parametrize(
    ("title", "words"),
    [
        ("Продавец-кассир (м. Выхино)", ("prodaves", "kasir")),
        ("Водитель кат. С на вахту, от 90 000 руб", ("voditel", "#licence-c")),
        ("ГРУЗЧИК СРОЧНО!!!", ("gruzchik",)),
        ("Разнорабочий на склад, ежедневные выплаты", ("raznorabochi", "sklad")),
        ("Водитель погрузчика ст. м. Сокол", ("voditel", "pogruzchika")),
        ("Швея-мотористка (оплата сдельная)", ("shvea", "motoristka")),
        ("Оператор (ЧПУ)", ("operator", "chpu")),
        ("g'isht teruvchi usta", ("gisht", "teruvchi", "usta")),
        ("Сварщик вахтовым методом 30/30", ("svarshik",)),
    ],
)
def test_noise_is_dropped_and_the_occupation_words_stay(title, words):
    assert title_words(title) == words


def test_one_word_in_any_script_folds_to_one_key():
    # Uzbek Cyrillic and Latin, with or without the apostrophe and with x for h.
    assert title_words("пайвандчи") == title_words("payvandchi") == ("paivandchi",)
    assert title_words("ҳайдовчи") == title_words("xaydovchi") == title_words("haydovchi")
    assert title_words("ўқитувчи") == title_words("o'qituvchi") == title_words("oqituvchi")
    # Tajik typed with Russian letters, and Latin look-alikes inside a Cyrillic word.
    assert title_words("дӯзанда") == title_words("дузанда")
    assert title_words("Cвaрщик") == title_words("Сварщик")


@pytest.mark.parametrize(
    ("title", "licences"),
    [
        ("водитель кат. C", ["#licence-c"]),
        ("ВОДИТЕЛЬ КАТЕГОРИИ СЕ", ["#licence-c"]),
        ("водитель кат.Д", ["#licence-d"]),
        ("права кат. B, C", ["#licence-b", "#licence-c"]),
        ("C toifali haydovchi", ["#licence-c"]),
        ("водитель", []),
        ("категорически нет", []),
    ],
)
def test_licence_categories_become_their_own_words(title, licences):
    assert licence_words(title.lower()) == licences


def test_tokens_keep_the_words_as_written_for_the_explanation():
    assert title_tokens("Сварной, кат. C") == (("сварной", "svarnoi"), ("C", "#licence-c"))


@pytest.mark.parametrize(
    "title", ["", "   ", "-", "???", "12345", "+79161234567", "от 50000 руб", "м. Выхино", "🙂🙂"]
)
def test_titles_that_name_nothing_have_no_words(title):
    assert title_words(title) == ()
    assert normalised_title(title) == ""


def test_noise_words_alone_name_nothing():
    assert title_words("Работа, вакансия, срочно") == ()
    assert title_words("ish kerak") == ()
    assert title_words("worker") == ()


def test_a_very_long_text_is_cut_to_a_bounded_number_of_words():
    distinct = (f"слово{chr(0x430 + n % 32)}{chr(0x430 + n // 32 % 32)}" for n in range(1000))
    words = title_words(" ".join(distinct) + " сварщик")
    assert len(words) == 24
    assert "svarshik" not in words


def test_the_normalised_title_is_one_key_for_one_meaning():
    assert (
        normalised_title("Сварщик (м. Выхино)")
        == normalised_title("СВАРЩИК, срочно!")
        == "svarshik"
    )
