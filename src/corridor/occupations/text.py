"""What an occupation title says once the noise is gone: words folded across scripts.

Vacancy titles carry metro stations, wages, shift patterns and urgency ("Продавец-кассир
(м. Выхино)", "Водитель кат. С на вахту, от 90 000 руб"); workers write their trade in Russian,
Uzbek (Latin or Cyrillic, with or without the apostrophes), Tajik or Kyrgyz. `title_words`
turns any of them into a short list of folded words, the same for "пайвандчи" and "payvandchi",
plus a `#licence-…` word when a driving-licence category is named, because the category is what
tells a lorry driver from a taxi driver.

Pure functions: no Django, no database.
"""

import re
import unicodedata
from functools import lru_cache

from corridor.names import name_key
from corridor.names.scripts import fix_lookalikes

# Longer inputs are descriptions, not titles: the first words carry the occupation.
MAX_WORDS = 24
MAX_CHARS = 1000

_LICENCE_RE = re.compile(
    r"(?:\b(?:категори[а-яөүң]*|кат|kat|toifa(?:si)?|тоифа|cat|category)\b"
    r"\.?\s*[:\-]?\s*"
    r"(?P<after>(?:[«\"']?[abcdeвсдеаbе]1?[eе]?\b[»\"']?\s*(?:[,/+и]\s*)?){1,4}))"
    r"|(?:\b(?P<before>[bcdeвсде]1?e?)\s*(?:toifa(?:li)?|тоифа(?:ли)?|категори[а-яөүң]*|kat)\b)",
    re.IGNORECASE,
)
_LICENCE_LETTERS = {"a": "a", "а": "a", "b": "b", "в": "b", "c": "c", "с": "c", "d": "d", "д": "d"}
_LICENCE_LETTERS |= {"e": "e", "е": "e"}

# A metro station or a commuter-rail stop: "м. Выхино", "ст. м. Сокол", "метро Лубянка".
_METRO_RE = re.compile(r"(?:\bст\.\s*)?(?:\bм\.|\bметро\b|\bмцк\b|\bмцд\b)[^,;()/]*", re.IGNORECASE)
_MONEY_RE = re.compile(
    r"(?:\b(?:от|до|zp|з/п|зп)\s*)?\d[\d\s.,]*(?:k|к|тыс\.?|т\.?\s?р\.?|руб\.?|р\.|₽|rub|so'm|сум|сомони)?",
    re.IGNORECASE,
)
_PARENS_RE = re.compile(r"[(\[{]([^)\]}]*)[)\]}]")
_WORD_RE = re.compile(r"[^\W\d_]+(?:['ʻʼ‘’`][^\W\d_]+)*")

# Words that say something about the job offer, never about the occupation. Folded like titles.
_NOISE_WORDS = """
срочно срочная требуется требуются нужен нужна нужны нужно ищу ищем приглашаем работа работу
работы работник вакансия вакансии подработка подработку вахта вахту вахтой вахтовым вахтовый
вахтовик вахтовики методом метод смена смены сменный смен график графиком день ночь ночные
дневные ночной дневной полный полная неполная занятость выплаты выплата ежедневные ежедневно
еженедельные оплата оплатой сдельная сдельно зарплата зп руб рублей рубль тыс без опыта опыт
опытом проживание проживанием жилье жильем общежитие питание питанием бесплатное бесплатно
граждан граждане гражданство снг рф патент патентом иностранцы мигранты официально официальное
трудоустройство оформление тк в на и с по для от до к у о из за при или а м ж мж жм г город
область москва мо спб санкт петербург московская новая новый
рабочий рабочая рабочие работник работница сотрудник сотрудница специалист разряд разряда разр
я работаю работал работала работали лет год года стаж мужчина женщина мужчины женщины
ish ishga kerak kerakli talab bor zudlik bilan uchun va yoki soat oylik maosh
ishlayman ishladim ishlaganman yil yillik tajriba ayol erkak аёл эркак
иш ишга керак учун ва кор корӣ лозим барои ва ё мекунам кардам сол зан мард
жумуш керек үчүн жана иштейм иштегем жыл аял эркек
job jobs work vacancy urgent urgently needed wanted hiring full part time shift night day
and or for with in at the a of to worker workers employee staff
ishchi ишчи коргар жумушчу
"""
_NOISE_PREFIXES = ("вахтов", "vahtov", "ежеднев", "еженедел", "подработ")


def _fold_word(word: str) -> str:
    return name_key(word)


_NOISE_KEYS = frozenset(_fold_word(w) for w in _NOISE_WORDS.split()) - {""}
_NOISE_KEY_PREFIXES = tuple({_fold_word(p) for p in _NOISE_PREFIXES})


def licence_words(text: str) -> list[str]:
    """The driving-licence categories a title names, as `#licence-c` words (C1 and CE fold to C)."""
    found: list[str] = []
    for match in _LICENCE_RE.finditer(text):
        letters = match.group("after") or match.group("before") or ""
        for char in letters.lower():
            category = _LICENCE_LETTERS.get(char)
            word = f"#licence-{category}" if category else ""
            if word and word not in found:
                found.append(word)
    # "CE" is a lorry with a trailer: the E adds nothing to the occupation.
    if "#licence-e" in found and len(found) > 1:
        found.remove("#licence-e")
    elif found == ["#licence-e"]:
        found = ["#licence-c"]
    return found


def _strip_noise(text: str) -> str:
    text = _METRO_RE.sub(" ", text)
    text = _MONEY_RE.sub(" ", text)
    return _PARENS_RE.sub(r" \1 ", text)


@lru_cache(maxsize=32768)
def title_tokens(title: str) -> tuple[tuple[str, str], ...]:
    """The words of an occupation title as (as written, folded), noise removed, at most MAX_WORDS.

    A named licence category comes last as ("C", "#licence-c").
    """
    text = unicodedata.normalize("NFKC", title[:MAX_CHARS]).lower().replace("ё", "е")
    text = fix_lookalikes(text)
    licences = licence_words(text)
    if licences:
        text = _LICENCE_RE.sub(" ", text)
    tokens: dict[str, str] = {}
    for raw in _WORD_RE.findall(_strip_noise(text)):
        key = _fold_word(raw)
        if len(key) < 2 or key in _NOISE_KEYS or key.startswith(_NOISE_KEY_PREFIXES):
            continue
        tokens.setdefault(key, raw)
        if len(tokens) >= MAX_WORDS:
            break
    pairs = [(raw, key) for key, raw in tokens.items()]
    pairs += [(word.removeprefix("#licence-").upper(), word) for word in licences]
    return tuple(pairs)


def title_words(title: str) -> tuple[str, ...]:
    """The folded words of an occupation title: what the coder compares."""
    return tuple(key for _, key in title_tokens(title))


def normalised_title(title: str) -> str:
    """One string per title meaning: the key under which staff confirmations are kept."""
    return " ".join(title_words(title))
