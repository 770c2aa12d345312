"""Tests for Uzbek Latin -> Uzbek Cyrillic running text (no Django needed)."""

import pytest

from corridor.names import to_latin
from corridor.names.uzbek import uzbek_to_cyrillic


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("oʻqish va gʻalaba", "ўқиш ва ғалаба"),
        ("Oʻzbekiston", "Ўзбекистон"),
        ("Gʻulom", "Ғулом"),
        ("shartnoma", "шартнома"),
        ("chiqish", "чиқиш"),
        ("mening", "менинг"),  # ng is н + г
        ("yoʻq", "йўқ"),  # y before oʻ is й, not ё
        ("yozuv", "ёзув"),
        ("yuborish", "юбориш"),
        ("yangi", "янги"),
        ("yetkazib", "етказиб"),  # ye at word start is е
        ("Ergash", "Эргаш"),  # e at word start is э
        ("poeziya", "поэзия"),  # e after a vowel is э
        ("kelmoqda", "келмоқда"),  # e inside a word is е
        ("maʼlumot", "маълумот"),  # tutuq is ъ
        ("sanʼat", "санъат"),
        ("Isʼhoq", "Исҳоқ"),  # the tutuq only parted s and h
        ("migratsiya", "миграция"),  # -tsiya in loanwords is ц
        ("ketsa", "кетса"),  # a native t + s stays тс
        ("muddatsiz", "муддатсиз"),
        ("hujjat", "ҳужжат"),
        ("xizmat", "хизмат"),
        ("parolni", "парольни"),  # loan stem keeps ь
        ("profili", "профили"),  # ... but not before a vowel suffix
        ("obyekt", "объект"),
        ("litsenziya", "лицензия"),
    ],
)
def test_letters(latin: str, cyrillic: str) -> None:
    assert uzbek_to_cyrillic(latin) == cyrillic


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("SHARTNOMA", "ШАРТНОМА"),
        ("Shartnoma", "Шартнома"),
        ("OʻQISH", "ЎҚИШ"),
        ("Chiqish", "Чиқиш"),
        ("Yoʻl", "Йўл"),
        ("Yangi", "Янги"),
        ("PAROL", "ПАРОЛЬ"),
    ],
)
def test_case_follows_the_source(latin: str, cyrillic: str) -> None:
    assert uzbek_to_cyrillic(latin) == cyrillic


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("Shartnoma %(number)s yoʻq", "Шартнома %(number)s йўқ"),
        ("%(count)d ta ishchi", "%(count)d та ишчи"),
        ("%s va %d, 100%% tayyor", "%s ва %d, 100%% тайёр"),
        ("%(share).1f%% ayol", "%(share).1f%% аёл"),
        ("{name} va {0} va {total:>5} {{qavs}}", "{name} ва {0} ва {total:>5} {{қавс}}"),
        ('<a href="/people/">Ishchilar</a>', '<a href="/people/">Ишчилар</a>'),
        ("Toshkent &amp; Samarqand&nbsp;&#39;", "Тошкент &amp; Самарқанд&nbsp;&#39;"),
        ("Sayt: https://my.gov.uz/oz/service?x=sh", "Сайт: https://my.gov.uz/oz/service?x=sh"),
        ("Yozing: help@corridor.uz", "Ёзинг: help@corridor.uz"),
    ],
)
def test_placeholders_tags_and_addresses_are_kept(latin: str, cyrillic: str) -> None:
    assert uzbek_to_cyrillic(latin) == cyrillic


def test_words_to_keep_stay_latin() -> None:
    text = "Corridor CSV faylini ISCO-08 boʻyicha tekshiradi"
    assert uzbek_to_cyrillic(text, keep={"Corridor", "CSV", "ISCO"}) == (
        "Corridor CSV файлини ISCO-08 бўйича текширади"
    )


def test_cyrillic_and_other_letters_are_left_alone() -> None:
    assert uzbek_to_cyrillic("Ишчи and Müller") == "Ишчи анд Müller"


def test_native_words_round_trip_through_to_latin() -> None:
    text = "Oʻzbekiston shaharlari: Qoʻqon, Gʻijduvon, Toshkent"
    back = to_latin(uzbek_to_cyrillic(text), language="uz")
    assert back == text.replace("\u02bb", "\u2018")  # to_latin writes o‘ with U+2018
