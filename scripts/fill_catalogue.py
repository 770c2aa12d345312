"""Prepare and fill a catalogue that is translated by hand or by machine (tg, ky).

    python3 scripts/fill_catalogue.py init tg          # create or refresh from the en catalogue
    python3 scripts/fill_catalogue.py todo tg 150      # the next 150 untranslated entries
    python3 scripts/fill_catalogue.py apply tg FILE    # write the translations in FILE
    python3 scripts/fill_catalogue.py check tg         # placeholders and review comments

``todo`` prints one entry a line: number, msgid (``msgid ||| msgid_plural``,
``[context]`` first if any) and the Russian msgstr, tab-separated, all escaped
as in the PO file.  FILE has lines ``number<TAB or space>translation`` (plural forms
separated by `` ||| ``), escaped the same way.  A line whose placeholders
differ from the msgid's is refused and reported, the others are written at
once, so a batch is never lost half-way.  Every entry carries the translator
comment "native review pending"; the catalogue header says it is
machine-prepared.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from corridor.core import pofile

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "src" / "corridor" / "locale"
REVIEW = "native review pending"
SEPARATOR = " ||| "

LANGUAGES = {
    # code: (English name, plural forms as Django's tg catalogue and CLDR "one/other")
    "tg": ("Tajik", "nplurals=2; plural=(n != 1);"),
    "ky": ("Kyrgyz", "nplurals=2; plural=(n != 1);"),
}
PLACEHOLDER_RE = re.compile(
    r"%(?:\([^)]*\))?[-#0 +]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[hlL]?[diouxXeEfFgGcrsa%]"
    r"|\{[^{}\s]*\}|<[^<>]*>"
)


def catalogue(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "django.po"


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER_RE.findall(pofile.unescape(text)))


def init(lang: str) -> None:
    name, plurals = LANGUAGES[lang]
    header, entries = pofile.read(catalogue("en"))
    done: dict[str, list[str]] = {}
    if catalogue(lang).exists():
        _, old = pofile.read(catalogue(lang))
        # A fuzzy entry (msgmerge's guess from a similar msgid) is not a translation.
        done = {e.key: e.msgstr for e in old if e.translated}
    header.translator_comments = [
        f"Corridor: {name} translation.",
        "This file is distributed under the same licence as Corridor.",
        "MACHINE-PREPARED: translated from the Russian and English texts, not by a",
        "native speaker; every entry awaits native review (see locale/README.md).",
        "Update with `corridor makemessages`; compile with `make messages`.",
    ]
    fields = header.msgstr[0]
    fields = re.sub(r"Language-Team: [^\\]*\\n", rf"Language-Team: {name}\\n", fields)
    fields = re.sub(r"Language: [^\\]*\\n", rf"Language: {lang}\\n", fields)
    fields = re.sub(
        r"Last-Translator: [^\\]*\\n",
        r"Last-Translator: machine (native review pending)\\n",
        fields,
    )
    fields = re.sub(r"Plural-Forms: [^\\]*\\n", rf"Plural-Forms: {plurals}\\n", fields)
    header.msgstr = [fields]
    forms = 2 if "nplurals=2" in plurals else 1
    for entry in entries:
        empty = [""] * (forms if entry.msgid_plural is not None else 1)
        previous = done.get(entry.key)
        entry.msgstr = previous if previous is not None and len(previous) == len(empty) else empty
        entry.other_comments = [c for c in entry.other_comments if not c.startswith("#|")]
        entry.other_comments = [c for c in entry.other_comments if c != "#, fuzzy"]
        entry.translator_comments = [
            *(c for c in entry.translator_comments if c != REVIEW),
            REVIEW,
        ]
    pofile.write(catalogue(lang), header, entries)
    print(f"{lang}: {len(entries)} entries, {sum(e.translated for e in entries)} translated")


def todo(lang: str, count: int) -> None:
    _, entries = pofile.read(catalogue(lang))
    _, russian = pofile.read(catalogue("ru"))
    ru = {e.key: e.msgstr for e in russian}
    shown = 0
    for number, entry in enumerate(entries):
        if entry.translated:
            continue
        source = entry.msgid + (SEPARATOR + entry.msgid_plural if entry.msgid_plural else "")
        if entry.msgctxt is not None:
            source = f"[{entry.msgctxt}] {source}"
        print(f"{number}\t{source}\t{SEPARATOR.join(ru.get(entry.key, ['']))}")
        shown += 1
        if shown >= count:
            break
    left = sum(not e.translated for e in entries)
    print(f"# {left} untranslated in {lang}", file=sys.stderr)


def problems(entry: pofile.Entry, forms: list[str]) -> list[str]:
    found: list[str] = []
    wanted = [entry.msgid] if entry.msgid_plural is None else [entry.msgid, entry.msgid_plural]
    if entry.msgid_plural is not None and len(forms) == 1:
        forms = forms * len(entry.msgstr)
    if len(forms) != len(entry.msgstr):
        return [f"{len(forms)} forms, expected {len(entry.msgstr)}"]
    for index, text in enumerate(forms):
        if not text.strip():
            found.append("empty")
        source = wanted[min(index, len(wanted) - 1)]
        mine, theirs = placeholders(text), placeholders(source)
        # A singular form may drop the count ("one code" for "%(counter)s code").
        if mine != theirs and not (entry.msgid_plural and set(mine) <= set(placeholders(source))):
            found.append(f"placeholders {mine} != {theirs}")
        if re.search(r'(?<!\\)"', text) or (text.endswith("\\") and not text.endswith("\\\\")):
            found.append("unescaped quote or backslash")
    return found


def apply(lang: str, path: Path) -> int:
    header, entries = pofile.read(catalogue(lang))
    refused = 0
    written = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        number_text, text = line.split(None, 1)
        entry = entries[int(number_text)]
        forms = text.split(SEPARATOR)
        if entry.msgid_plural is not None and len(forms) == 1:
            forms = forms * len(entry.msgstr)
        wrong = problems(entry, forms)
        if wrong:
            print(f"{number_text}: {'; '.join(wrong)}: {pofile.unescape(entry.msgid)!r}")
            refused += 1
            continue
        entry.msgstr = forms
        written += 1
    pofile.write(catalogue(lang), header, entries)
    left = sum(not e.translated for e in entries)
    print(f"{lang}: wrote {written}, refused {refused}, {left} untranslated left")
    return 1 if refused else 0


def check(lang: str) -> int:
    _, entries = pofile.read(catalogue(lang))
    bad = 0
    for number, entry in enumerate(entries):
        wrong = problems(entry, entry.msgstr) if entry.translated else []
        if REVIEW not in entry.translator_comments:
            wrong.append("no review comment")
        if wrong:
            bad += 1
            print(f"{number}: {'; '.join(wrong)}: {pofile.unescape(entry.msgid)!r}")
    print(
        f"{lang}: {len(entries)} entries, {sum(e.translated for e in entries)} translated, {bad} bad"
    )
    return 1 if bad else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["init", "todo", "apply", "check"])
    parser.add_argument("lang", choices=sorted(LANGUAGES))
    parser.add_argument("arg", nargs="?")
    args = parser.parse_args()
    if args.command == "init":
        init(args.lang)
    elif args.command == "todo":
        todo(args.lang, int(args.arg or 150))
    elif args.command == "apply":
        return apply(args.lang, Path(args.arg))
    else:
        return check(args.lang)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
