"""Tests for script detection and homoglyph repair (no Django needed)."""

import pytest

from corridor.names import Script, detect_script, fix_lookalikes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Иванов", Script.CYRILLIC),
        ("Ivanov", Script.LATIN),
        ("Ўткир Қодиров", Script.CYRILLIC),
        ("Ҷамшед Раҳмонзода", Script.CYRILLIC),
        ("Өмүрбек уулу", Script.CYRILLIC),
        ("O‘tkir Qodirov", Script.LATIN),
        ("Öztürk", Script.LATIN),
        ("Иванов Ivan", Script.MIXED),
        ("Shahzod Абдуллаев", Script.MIXED),
        ("Shахзод", Script.MIXED),  # non-look-alikes of both scripts in one word
        ("", Script.UNKNOWN),
        ("123 -- !?", Script.UNKNOWN),
        ("李小龍", Script.UNKNOWN),
    ],
)
def test_detect_script_classifies_letters(text: str, expected: Script) -> None:
    assert detect_script(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Aбдуллаев", Script.CYRILLIC),  # Latin capital A
        ("Шaхзoд", Script.CYRILLIC),  # Latin a and o
        ("AБДУЛЛAEB", Script.CYRILLIC),  # Latin A, A, E, B
        ("Кaримoв Шaхзoд", Script.CYRILLIC),
        ("Ivаnov", Script.LATIN),  # Cyrillic а
        ("Оleg Ivanov", Script.LATIN),  # Cyrillic О
    ],
)
def test_detect_script_counts_stray_lookalike_for_host_word(text: str, expected: Script) -> None:
    assert detect_script(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1990, Иванов!", Script.CYRILLIC),
        ("Ivanov, 12-34", Script.LATIN),
        ("Иванов I.", Script.CYRILLIC),  # one foreign initial is not "mixed"
        ("Ivanov И.", Script.LATIN),
    ],
)
def test_detect_script_ignores_digits_punctuation_and_single_letters(
    text: str, expected: Script
) -> None:
    assert detect_script(text) is expected


def test_script_is_a_str_enum_with_lowercase_values() -> None:
    assert [s.value for s in Script] == ["latin", "cyrillic", "mixed", "unknown"]
    assert Script("mixed") is Script.MIXED
    assert str(Script.CYRILLIC) == "cyrillic"
    assert isinstance(Script.LATIN, str)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Aбдуллаев", "Абдуллаев"),
        ("aбдуллаев", "абдуллаев"),
        ("AБДУЛЛAEB", "АБДУЛЛАЕВ"),
        ("Шaxзoд", "Шахзод"),
        ("Kaримов", "Каримов"),
        ("Cyлтонов", "Султонов"),
        ("Рaҳмонов", "Раҳмонов"),
        ("Хypшид", "Хуршид"),
        ("Mуҳтoров", "Муҳторов"),
        ("Ivаnov", "Ivanov"),
        ("Оleg", "Oleg"),
        ("Shaхzod", "Shaxzod"),
        ("ТOM", "TOM"),  # all letters look-alikes: majority (Latin) wins
        ("Tом", "Том"),
    ],
)
def test_fix_lookalikes_rewrites_stray_letters_into_host_script(text: str, expected: str) -> None:
    assert fix_lookalikes(text) == expected


def test_fix_lookalikes_works_word_by_word_and_keeps_the_rest() -> None:
    assert fix_lookalikes("Aбдуллаев Ivаnov, 1990-01-02") == "Абдуллаев Ivanov, 1990-01-02"


@pytest.mark.parametrize(
    "text",
    [
        "Абдуллаев",
        "Abdullaev",
        "O‘tkir Qodirov",
        "Иванов Ivan",  # two clean words in different scripts
        "Shахзод",  # genuinely mixed: S and з/д are not look-alikes
        "Тo",  # one look-alike of each script: a tie is left alone
        "",
        "12345",
    ],
)
def test_fix_lookalikes_leaves_clean_or_ambiguous_text_unchanged(text: str) -> None:
    assert fix_lookalikes(text) == text


@pytest.mark.parametrize("text", ["Aбдуллаев", "Ivаnov", "Шaxзoд Kaримов"])
def test_fix_lookalikes_is_idempotent(text: str) -> None:
    once = fix_lookalikes(text)
    assert fix_lookalikes(once) == once
