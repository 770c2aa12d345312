"""Tests for name keys, stems and query keys (no Django needed)."""

import csv
import itertools
from pathlib import Path

import pytest

from corridor.names import (
    father_name_stem,
    name_key,
    name_keys,
    patronymic_stem,
    query_keys,
    surname_stem,
)

# Every group lists spellings of one name that must share a key.
SAME_NAME_GROUPS = [
    ["Абдуллаев", "Abdullayev", "ABDULLAEV", "Abdulaev", "Aбдуллаев"],  # last: Latin A
    ["Шахзод", "Shahzod", "SHAKHZOD", "Shaxzod"],
    ["Ўткир", "O‘tkir", "O'tkir", "Otkir", "Oʻtkir", "O`tkir", "O’tkir"],
    ["Ғулом", "G‘ulom", "Gulom"],
    ["Қодиров", "Qodirov", "Kodirov"],
    ["Ҷамшед", "Jamshed", "Джамшед", "Dzhamshed"],
    ["Евгений", "Yevgeniy", "Evgeni", "Evgenii"],
    ["Юсуф", "Yusuf", "Iusuf"],
    ["Хуршид", "Khurshid", "Xurshid", "Hurshid"],
    ["Рахмонов", "Rahmonov", "Rakhmonov", "Раҳмонов"],
    ["Өмүрбек", "Omurbek", "Ömürbek"],
    ["Айгүл", "Aigul", "Aygul"],
    # More common variants that the same rules merge.
    ["Мария", "Mariya", "Mariia", "Maria"],
    ["Майя", "Maya", "Maiia", "Mayya"],
    ["Фёдор", "Fedor", "Fyodor", "Федор"],
    ["Алексей", "Aleksey", "Aleksei"],  # not Alexei: Latin x is Uzbek х
    ["Татьяна", "Tatyana", "Tatiana"],
    ["Чыңгыз", "Chyngyz", "Chinggiz", "Чингиз"],
    ["Каюмов", "Qayumov", "Kaiumov", "Kayumov"],
    ["Кадыров", "Kadyrov", "Kadirov"],
    ["Жасур", "Jasur", "Zhasur"],
    ["Ахмаджон", "Ahmadjon", "Akhmadzhon", "Axmadjon"],
    ["Исҳоқ", "Is'hoq", "Iskhok", "Isxoq"],
    ["Маъмур", "Ma’mur", "Mamur"],
    ["Жаңыл", "Jangyl", "Zhangyl"],
    ["Ulug‘bek", "Улуғбек", "Ulugbek"],
    ["Sumayyeva", "Сумайева", "Sumayeva"],
]
SAME_NAME_PAIRS = [pair for group in SAME_NAME_GROUPS for pair in itertools.combinations(group, 2)]


@pytest.mark.parametrize(("first", "second"), SAME_NAME_PAIRS)
def test_name_key_merges_spellings_of_one_name(first: str, second: str) -> None:
    assert name_key(first) == name_key(second)


@pytest.mark.parametrize(
    ("spelling", "key"),
    [
        ("Абдуллаев", "abdulaev"),
        ("Шахзод", "shahzod"),
        ("Ўткир", "otkir"),
        ("Ҷамшед", "jamshed"),
        ("Евгений", "evgeni"),
        ("Юсуф", "yusuf"),
        ("Хуршид", "hurshid"),
        ("Айгүл", "aigul"),
        ("Иванова", "ivanova"),
    ],
)
def test_name_key_value_is_the_lowercase_ascii_skeleton(spelling: str, key: str) -> None:
    assert name_key(spelling) == key


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Иванов", "Иванова"),  # gender forms stay distinct; see surname_stem
        ("Алишер", "Алимжан"),
        ("Shahzod", "Shahboz"),
        ("Шахзод", "Шерзод"),
        ("Karimov", "Karimova"),
        ("Ўткир", "Уткир"),  # Uzbek o‘ is not Russian у
        ("Dilshod", "Dilnoza"),
        ("Rustam", "Rustamov"),
        ("Said", "Saida"),
    ],
)
def test_name_key_keeps_distinct_names_apart(first: str, second: str) -> None:
    assert name_key(first) != name_key(second)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("", ""),
        ("   ", ""),
        ("12345", ""),
        ("李小龍", ""),
        ("-", ""),
        ("Abdul-Aziz", "abdulaziz"),
        (" Karimov. ", "karimov"),
        ("Jos\u0065\u0301", "jose"),  # decomposed accent
        ("Öztürk", "ozturk"),
        ("Şahin", "shahin"),
    ],
)
def test_name_key_ignores_non_letters_and_accents(text: str, key: str) -> None:
    assert name_key(text) == key


@pytest.mark.parametrize(
    "text", ["Абдуллаев", "O‘tkir", "Ҷамшед", "Öztürk", "Aбдуллаев", "ЖАҢЫЛ", "Şahin"]
)
def test_name_key_is_lowercase_ascii_letters_only(text: str) -> None:
    key = name_key(text)
    assert key.isascii()
    assert key.isalpha()
    assert key == key.lower()


def test_name_key_is_cached() -> None:
    name_key.cache_clear()
    name_key("Абдуллаев")
    name_key("Абдуллаев")
    info = name_key.cache_info()
    assert info.hits == 1
    assert info.maxsize == 65536


# A handful of rows of /work/shared/data/names/tajik_names.csv:
# (tajik_cyrillic, latin, zoda_cyrillic, zoda_latin).
TAJIK_ROWS = [
    ("Фирӯз", "Firuz", "", ""),
    ("Ҷамшед", "Jamshed", "", ""),
    ("Сиёвуш", "Siyovush", "", ""),
    ("Шаҳриёр", "Shahriyor", "", ""),
    ("Бахтиёр", "Bakhtiyor", "", ""),
    ("Нуруллоҳ", "Nurulloh", "", ""),
    ("Саидҷон", "Saidjon", "", ""),
    ("Маҳмадалӣ", "Mahmadali", "", ""),
    ("Манижа", "Manizha", "", ""),
    ("Мавҷуда", "Mavjuda", "", ""),
    ("Рухшона", "Rukhshona", "", ""),
    ("Раҳмонов", "Rahmonov", "Раҳмонзода", "Rahmonzoda"),
    ("Қодиров", "Qodirov", "Қодирзода", "Qodirzoda"),
    ("Мирзоев", "Mirzoev", "Мирзозода", "Mirzozoda"),
    ("Ҷӯраев", "Juraev", "Ҷӯразода", "Jurazoda"),
    ("Ҳайдаров", "Haydarov", "Ҳайдарзода", "Haydarzoda"),
    ("Содиқов", "Sodiqov", "Содиқзода", "Sodiqzoda"),
    ("Холов", "Kholov", "Холзода", "Kholzoda"),
    ("Одинаев", "Odinaev", "Одиназода", "Odinazoda"),
]


@pytest.mark.parametrize(("cyrillic", "latin", "zoda_cyrillic", "zoda_latin"), TAJIK_ROWS)
def test_name_key_matches_tajik_cyrillic_and_latin(
    cyrillic: str, latin: str, zoda_cyrillic: str, zoda_latin: str
) -> None:
    assert name_key(cyrillic) == name_key(latin)
    assert name_key(zoda_cyrillic) == name_key(zoda_latin)


@pytest.mark.parametrize(
    ("cyrillic", "latin", "zoda_cyrillic", "zoda_latin"),
    [row for row in TAJIK_ROWS if row[2]],
)
def test_surname_stem_joins_tajik_ov_and_zoda_forms(
    cyrillic: str, latin: str, zoda_cyrillic: str, zoda_latin: str
) -> None:
    stems = {surname_stem(name_key(name)) for name in (cyrillic, latin, zoda_cyrillic, zoda_latin)}
    assert len(stems) == 1


# Rows of /work/shared/data/regions/uz_regions_4lang.csv plus some districts
# from uz_districts_4lang.csv: (name_uz_latn, name_uz_cyrl).
UZ_PLACE_NAMES = [
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
    ("Qo‘ng‘irot tumani", "Қўнғирот тумани"),
    ("Ellikqal‘a tumani", "Элликқалъа тумани"),
    ("Xo‘jayli tumani", "Хўжайли тумани"),
    ("Kegayli tumani", "Кегайли тумани"),
    ("Yozyovon tumani", "Ёзёвон тумани"),
    ("Sariosiyo tumani", "Сариосиё тумани"),
    ("Boyovut tumani", "Боёвут тумани"),
    ("Sayxunobod tumani", "Сайхунобод тумани"),
    ("Tuproqqala tumani", "Тупроққалъа тумани"),
    ("Do'stlik shahri", "Дўстлик шаҳри"),
]


@pytest.mark.parametrize(("latin", "cyrillic"), UZ_PLACE_NAMES)
def test_name_key_matches_uzbek_latin_and_cyrillic_word_by_word(latin: str, cyrillic: str) -> None:
    assert [name_key(w) for w in latin.split()] == [name_key(w) for w in cyrillic.split()]


def _shared_data_file(relative: str) -> Path | None:
    """Locate a file of the shared data folder, if this machine has one."""
    repo_root = Path(__file__).resolve().parents[4]
    for base in (Path("/work/shared/data"), repo_root.parent / "shared" / "data"):
        if (base / relative).is_file():
            return base / relative
    return None


def test_name_key_matches_every_row_of_the_shared_tajik_file() -> None:
    path = _shared_data_file("names/tajik_names.csv")
    if path is None:
        pytest.skip("shared data folder not present")
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    for row in rows:
        assert name_key(row["tajik_cyrillic"]) == name_key(row["latin"]), row
        if row["zoda_cyrillic"]:
            assert name_key(row["zoda_cyrillic"]) == name_key(row["zoda_latin"]), row


def test_name_key_matches_every_row_of_the_shared_uzbek_regions_file() -> None:
    path = _shared_data_file("regions/uz_regions_4lang.csv")
    if path is None:
        pytest.skip("shared data folder not present")
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    for row in rows:
        latin = [name_key(w) for w in row["name_uz_latn"].split()]
        cyrillic = [name_key(w) for w in row["name_uz_cyrl"].split()]
        assert latin == cyrillic, row


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("Karimov Shahzod Anvar o‘g‘li", ["karimov", "shahzod", "anvar"]),
        ("Каримов Шахзод Анвар ўғли", ["karimov", "shahzod", "anvar"]),
        ("Karimova Dilnoza Anvar qizi", ["karimova", "dilnoza", "anvar"]),
        ("Asanov Bakyt uulu", ["asanov", "bakit"]),
        ("Асанова Айгүл кызы", ["asanova", "aigul"]),
        ("Rustamov Anvar ugli", ["rustamov", "anvar"]),
        ("Rustamov Anvar ogli", ["rustamov", "anvar"]),
        ("Рустамов Анвар угли", ["rustamov", "anvar"]),
        ("Рустамова Нигора кизи", ["rustamova", "nigora"]),
        ("Abdul-Aziz", ["abdul", "aziz"]),
        ("Ivanov, Ivan Ivanovich", ["ivanov", "ivan", "ivanovich"]),
        ("Ivanov  Иванов IVANOV", ["ivanov"]),
        ("Abdullaev A. A.", ["abdulaev", "a"]),
        ("", []),
        (" - , ", []),
    ],
)
def test_name_keys_splits_tokens_drops_particles_and_duplicates(text: str, keys: list[str]) -> None:
    assert name_keys(text) == keys


@pytest.mark.parametrize(
    "query", ["Abdullayev Shahzod", "шахзод абдуллаев", "O'tkir", "", "Rahmonzoda, Firuz"]
)
def test_query_keys_is_name_keys(query: str) -> None:
    assert query_keys(query) == name_keys(query)


@pytest.mark.parametrize(
    ("surname", "stem"),
    [
        ("Rahmonov", "rahmon"),
        ("Rahmonova", "rahmon"),
        ("Rahmonzoda", "rahmon"),
        ("Раҳмонзода", "rahmon"),
        ("Ivanov", "ivan"),
        ("Ivanova", "ivan"),
        ("Abdullayev", "abdula"),
        ("Абдуллаева", "abdula"),
        ("Aliev", "ali"),
        ("Ализода", "ali"),
        ("Rahimzade", "rahim"),
        ("Пушкин", "pushk"),
        ("Пушкина", "pushk"),
        ("Kovalskiy", "koval"),
        ("Kovalskaya", "koval"),
        ("Asanuulu", "asan"),
        ("Bakytkyzy", "bakit"),
    ],
)
def test_surname_stem_removes_common_surname_endings(surname: str, stem: str) -> None:
    assert surname_stem(name_key(surname)) == stem


@pytest.mark.parametrize("key", ["ov", "lev", "ova", "ivov", "zoda", ""])
def test_surname_stem_never_shortens_below_three_letters(key: str) -> None:
    assert surname_stem(key) == key


@pytest.mark.parametrize("key", ["karim", "nazar", "alisher"])
def test_surname_stem_leaves_keys_without_an_ending(key: str) -> None:
    assert surname_stem(key) == key


@pytest.mark.parametrize(
    ("patronymic", "stem"),
    [
        ("Ivanovich", "ivan"),
        ("Ivanovna", "ivan"),
        ("Иванович", "ivan"),
        ("Сергеевич", "serg"),  # key sergevich: doubled e is collapsed first
        ("Sergeyevich", "serg"),
        ("Sergeevna", "serg"),
        ("Ilyich", "ilich"),  # not handled: left as it is
        ("Karimugli", "karim"),
        ("Karimo‘g‘li", "karim"),
        ("Karimqizi", "karim"),
        ("Asanuulu", "asan"),
        ("Asankyzy", "asan"),
    ],
)
def test_patronymic_stem_removes_patronymic_endings(patronymic: str, stem: str) -> None:
    assert patronymic_stem(name_key(patronymic)) == stem


@pytest.mark.parametrize("key", ["vich", "ovna", "ugli", "ali"])
def test_patronymic_stem_never_shortens_below_three_letters(key: str) -> None:
    assert patronymic_stem(key) == key


@pytest.mark.parametrize(
    ("written", "stem"),
    [
        # One father, Rustam, in the styles and scripts of the corridor.
        ("Rustam o'g'li", "rustam"),
        ("Rustam o‘g‘li", "rustam"),
        ("Рустам угли", "rustam"),
        ("Рустам ўғли", "rustam"),
        ("Рустамович", "rustam"),
        ("RUSTAMOVICH", "rustam"),
        ("Rustamovich", "rustam"),
        ("Rustamo'g'li", "rustam"),
        ("Rustam", "rustam"),
        # A daughter of Alim.
        ("Алим кизи", "alim"),
        ("Alim qizi", "alim"),
        ("Алим қизи", "alim"),
        ("Алимовна", "alim"),
        # A son and a daughter of Kurmanbek (Kyrgyz).
        ("Курманбек уулу", "kurmanbek"),
        ("Kurmanbek uulu", "kurmanbek"),
        ("Курманбекович", "kurmanbek"),
        ("Курманбек кызы", "kurmanbek"),
        ("Kurmanbek kyzy", "kurmanbek"),
        # Fathers' names ending in a vowel or -й.
        ("Мустафоевич", "mustafo"),
        ("Mustafo o'g'li", "mustafo"),
        ("Алиевна", "ali"),
        # Initials: a letter and a full stop, as the key of the letter.
        ("S.", "s."),
        ("К.", "k."),
        ("Ш.", "sh."),
        ("Sh.", "sh."),
        ("S", "s."),
        # Nothing to go on.
        ("", ""),
        ("o‘g‘li", ""),
        ("...", ""),
    ],
)
def test_father_name_stem_is_one_form_across_styles_and_scripts(written: str, stem: str) -> None:
    assert father_name_stem(written) == stem
