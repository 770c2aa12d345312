"""Make the Uzbek Cyrillic catalogue (uz_Cyrl) from the Uzbek Latin one (uz).

    python3 scripts/make_uz_cyrl.py          # writes locale/uz_Cyrl/LC_MESSAGES/django.po
    python3 scripts/make_uz_cyrl.py --check  # fails if the file is not what it would write

Every message is written letter for letter with
``corridor.names.uzbek.uzbek_to_cyrillic``; words of the English msgid that
also appear in the Uzbek text (Corridor, CSV, column names) stay in Latin
letters.  Every entry carries the translator comment "native review pending"
until a native speaker has read it.  Run it again after the uz catalogue
changes (``corridor makemessages`` first, so uz is up to date); it is
deterministic.  Run with the project's venv python (it imports corridor.names).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from corridor.core import pofile  # noqa: E402
from corridor.names.uzbek import uzbek_to_cyrillic  # noqa: E402

LOCALE = ROOT / "src" / "corridor" / "locale"
REVIEW = "native review pending"
_WORDS = re.compile(r"[^\W\d_]+")
# Words the English msgid and the Uzbek text share that are Uzbek words all the
# same (loanwords), so they are written in Cyrillic like the rest.
SHARED_UZBEK = {
    "administrator", "agent", "audit", "diaspora", "donor", "format", "model",
    "nominal", "patent", "token", "transport",
}  # fmt: skip

HEADER_COMMENTS = [
    "Corridor: Uzbek (Cyrillic script) translation.",
    "This file is distributed under the same licence as Corridor.",
    "MACHINE-PREPARED: written from the Uzbek Latin catalogue (uz) by",
    "scripts/make_uz_cyrl.py; every entry awaits native review (see locale/README.md).",
    "Do not edit by hand: fix uz or the transliterator and run the script again.",
]


def escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")


def convert(text: str, keep: set[str]) -> str:
    """Transliterate one escaped PO string, keeping its escapes."""
    return escape(uzbek_to_cyrillic(pofile.unescape(text), keep=keep))


def build() -> tuple[pofile.Entry, list[pofile.Entry]]:
    header, entries = pofile.read(LOCALE / "uz" / "LC_MESSAGES" / "django.po")
    header.translator_comments = list(HEADER_COMMENTS)
    fields = header.msgstr[0]
    fields = re.sub(r"Language-Team: [^\\]*\\n", r"Language-Team: Uzbek (Cyrillic)\\n", fields)
    fields = re.sub(r"Language: [^\\]*\\n", r"Language: uz_Cyrl\\n", fields)
    fields = re.sub(
        r"Last-Translator: [^\\]*\\n",
        r"Last-Translator: machine (native review pending)\\n",
        fields,
    )
    header.msgstr = [fields]
    for entry in entries:
        source = pofile.unescape(entry.msgid + " " + (entry.msgid_plural or ""))
        keep = {w for w in _WORDS.findall(source) if w.lower() not in SHARED_UZBEK}
        entry.msgstr = [convert(text, keep) for text in entry.msgstr]
        comments = [c for c in entry.translator_comments if c != REVIEW]
        entry.translator_comments = [*comments, REVIEW]
    return header, entries


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args()
    target = LOCALE / "uz_Cyrl" / "LC_MESSAGES" / "django.po"
    header, entries = build()
    if args.check:
        scratch = Path(f"{target}.check")
        pofile.write(scratch, header, entries)
        same = scratch.read_text(encoding="utf-8") == target.read_text(encoding="utf-8")
        scratch.unlink()
        print("uz_Cyrl is up to date" if same else "uz_Cyrl differs: run scripts/make_uz_cyrl.py")
        return 0 if same else 1
    pofile.write(target, header, entries)
    print(f"wrote {target.relative_to(ROOT)}: {len(entries)} entries")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
