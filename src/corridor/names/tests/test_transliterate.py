"""Tests for display transliteration (no Django needed)."""

import pytest

from corridor.names import name_key, to_cyrillic, to_latin

OKINA = "\u2018"  # the sign to_latin uses for Uzbek o‘ / g‘


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Ўткир", f"O{OKINA}tkir"),
        ("Ғулом Қодиров", f"G{OKINA}ulom Qodirov"),
        ("Ҳасан Ҳусанов", "Hasan Husanov"),
        ("Шахзод Қаюмов", "Shaxzod Qayumov"),
        ("Абдуллаев Ўткир", f"Abdullayev O{OKINA}tkir"),  # е after a vowel
        ("Ерқин Эргашев", "Yerqin Ergashev"),  # е at word start, э
        ("Жўрабек Ёқубов", f"Jo{OKINA}rabek Yoqubov"),
        ("Маъмура Қодирова", "Ma\u2019mura Qodirova"),
        ("Тошкент шаҳри", "Toshkent shahri"),
        ("Цех Қўқон", f"Sex Qo{OKINA}qon"),  # ц -> s in the 1995 table used here
        ("Юлдуз Қаҳҳорова", "Yulduz Qahhorova"),
    ],
)
def test_to_latin_uses_uzbek_1995_alphabet_for_uzbek_letters(cyrillic: str, latin: str) -> None:
    assert to_latin(cyrillic) == latin


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Ҷамшед", "Jamshed"),
        ("Фирӯз", "Firuz"),
        ("Маҳмадалӣ", "Mahmadali"),
        ("Ҷӯраев", "Juraev"),  # е after a vowel stays e in Tajik
        ("Ҷӯраев Ғафур", "Juraev Ghafur"),
        ("Хуршед Ҷӯраев", "Khurshed Juraev"),
        ("Манижа Ҷӯраева", "Manizha Juraeva"),
        ("Саидҷон Қурбонов", "Saidjon Qurbonov"),
    ],
)
def test_to_latin_uses_tajik_romanisation_for_tajik_letters(cyrillic: str, latin: str) -> None:
    assert to_latin(cyrillic) == latin


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Өмүрбек", "Omurbek"),
        ("Айгүл", "Aigul"),
        ("Жаңыл", "Zhangyl"),
        ("Теңизбек", "Tengizbek"),
        ("Чыңгыз Айтматов", "Chyngyz Aitmatov"),
    ],
)
def test_to_latin_uses_russian_rules_plus_kyrgyz_letters(cyrillic: str, latin: str) -> None:
    assert to_latin(cyrillic) == latin


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Евгений Щукин", "Evgenii Shchukin"),
        ("Юлия", "Iuliia"),
        ("Артём Ёлкин", "Artem Elkin"),
        ("Подъячев", "Podieiachev"),
        ("Хабибуллин Ильдар", "Khabibullin Ildar"),
        ("Шахзод Каримов", "Shakhzod Karimov"),  # no Uzbek letter: ICAO
    ],
)
def test_to_latin_uses_icao_9303_for_plain_russian(cyrillic: str, latin: str) -> None:
    assert to_latin(cyrillic) == latin


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("ЩУКИН", "SHCHUKIN"),
        ("ЎТКИР ҚОДИРОВ", f"O{OKINA}TKIR QODIROV"),
        ("ШАХЗОД Абдуллаев", "SHAKHZOD Abdullaev"),
        ("Ш. Каримов", "Sh. Karimov"),
        ("иванов", "ivanov"),
        ("МакДональд", "MakDonald"),
    ],
)
def test_to_latin_preserves_capitalisation_of_each_word(cyrillic: str, latin: str) -> None:
    assert to_latin(cyrillic) == latin


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ivanov-Petrov, 1990", "Ivanov-Petrov, 1990"),
        ("O‘tkir", "O‘tkir"),
        ("Jose\u0301", "Jos\u00e9"),  # NFC is applied
        ("Иванов-Петров, И.", "Ivanov-Petrov, I."),
        ("Ivanov Иван", "Ivanov Ivan"),
        ("Aбдуллаев", "Abdullaev"),  # Latin A repaired before transliterating
        ("", ""),
    ],
)
def test_to_latin_keeps_latin_text_and_punctuation(text: str, expected: str) -> None:
    assert to_latin(text) == expected


@pytest.mark.parametrize(
    ("cyrillic", "language", "latin"),
    [
        ("Андижон вилояти", "uz", "Andijon viloyati"),
        ("Шахзод Каримов", "uz", "Shaxzod Karimov"),
        ("Бахтиёр", "tg", "Bakhtiyor"),
        ("Юсуф", "tg", "Yusuf"),
        ("Ўткир", "ru", f"O{OKINA}tkir"),  # letters outside ICAO still romanised
        ("Айбек", "ky", "Aibek"),
    ],
)
def test_to_latin_language_argument_forces_the_convention(
    cyrillic: str, language: str, latin: str
) -> None:
    assert to_latin(cyrillic, language=language) == latin  # type: ignore[arg-type]


def test_to_latin_rejects_unknown_language() -> None:
    with pytest.raises(ValueError, match="unsupported language"):
        to_latin("Иванов", language="de")  # type: ignore[arg-type]


# All fourteen rows of /work/shared/data/regions/uz_regions_4lang.csv.
UZ_REGIONS = [
    ("Qoraqalpog‘iston Respublikasi", "Қорақалпоғистон Республикаси"),
    ("Andijon viloyati", "Андижон вилояти"),
    ("Buxoro viloyati", "Бухоро вилояти"),
    ("Jizzax viloyati", "Жиззах вилояти"),
    ("Qashqadaryo viloyati", "Қашқадарё вилояти"),
    ("Navoiy viloyati", "Навоий вилояти"),
    ("Namangan viloyati", "Наманган вилояти"),
    ("Samarqand viloyati", "Самарқанд вилояти"),
    ("Surxandaryo viloyati", "Сурхандарё вилояти"),
    ("Sirdaryo viloyati", "Сирдарё вилояти"),
    ("Toshkent viloyati", "Тошкент вилояти"),
    ("Farg‘ona viloyati", "Фарғона вилояти"),
    ("Xorazm viloyati", "Хоразм вилояти"),
    ("Toshkent shahri", "Тошкент шаҳри"),
]


@pytest.mark.parametrize(("latin", "cyrillic"), UZ_REGIONS)
def test_to_latin_reproduces_official_uzbek_region_names(latin: str, cyrillic: str) -> None:
    assert to_latin(cyrillic, language="uz") == latin


@pytest.mark.parametrize(
    "name",
    [
        "Ўткир Қодиров",
        "Ҷамшед Раҳмонзода",
        "Өмүрбек Айгүл Жаңыл",
        "Евгений Щукин",
        "Юлия Майя Ия",
        "Фёдор Артём Абдуллаев",
    ],
)
def test_to_latin_output_has_the_same_name_keys(name: str) -> None:
    # ICAO loses information that keys cannot recover (ъ -> ie, and ё -> e
    # after a vowel as in Сиёвуш -> Sievush), so such names are not listed.
    for word, latin_word in zip(name.split(), to_latin(name).split(), strict=True):
        assert name_key(latin_word) == name_key(word)


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("Shahzod", "Шахзод"),
        ("SHAKHZOD ABDULLAYEV", "ШАХЗОД АБДУЛЛАЕВ"),
        ("Yevgeniy", "Евгений"),
        ("Abdullayev", "Абдуллаев"),
        ("Mirzoev", "Мирзоев"),
        ("Jamshed", "Джамшед"),
        ("Dzhamshed", "Джамшед"),
        ("Xurshid", "Хуршид"),
        ("Khurshid", "Хуршид"),
        ("Qodirov", "Кодиров"),
        ("Yusuf", "Юсуф"),
        ("Aygul", "Айгул"),
        ("Kyrgyz", "Кыргыз"),
        ("Mariya", "Мария"),
        ("Tsoy", "Цой"),
        ("Shchukin", "Щукин"),
        ("Zhanna", "Жанна"),
        ("Erkin", "Эркин"),
        ("Is'hoq", "Исхок"),  # Uzbek separator apostrophe keeps s and h apart
        ("Ma’mur", "Мамур"),
        ("Navoiy", "Навоий"),
        ("Muhammadyusuf", "Мухаммадюсуф"),
    ],
)
def test_to_cyrillic_gives_russian_style_spelling(latin: str, cyrillic: str) -> None:
    assert to_cyrillic(latin) == cyrillic


@pytest.mark.parametrize("apostrophe", ["\u2018", "\u2019", "'", "`", "\u02bb", "\u02bc"])
def test_to_cyrillic_reads_uzbek_o_and_g_with_any_apostrophe(apostrophe: str) -> None:
    assert to_cyrillic(f"O{apostrophe}tkir G{apostrophe}ulom") == "Откир Гулом"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Иванов", "Иванов"),
        ("Ivanov Иван", "Иванов Иван"),
        ("Karimov, A.", "Каримов, А."),
        ("Ivanov-Petrov 1990", "Иванов-Петров 1990"),
        ("", ""),
    ],
)
def test_to_cyrillic_keeps_cyrillic_words_and_punctuation(text: str, expected: str) -> None:
    assert to_cyrillic(text) == expected


@pytest.mark.parametrize(
    "latin",
    [
        "Shahzod",
        "O‘tkir",
        "G‘ulom",
        "Jamshed",
        "Abdullayev",
        "Xurshid",
        "Qodirov",
        "Yevgeniy",
        "Aygul",
        "Rahmonzoda",
        "Sumayyeva",
        "Ulug‘bek",
        "Ja’farov",
    ],
)
def test_to_cyrillic_output_has_the_same_name_key(latin: str) -> None:
    assert name_key(to_cyrillic(latin)) == name_key(latin)
