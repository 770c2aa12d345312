"""A small reader and writer for gettext PO files (polib is not a dependency).

Strings are kept *escaped*, exactly as they are written between the quotes of
the PO file (``\\n``, ``\\"``, ``\\\\``), so that reading and writing never
changes a byte of a message.  Obsolete entries (``#~``) are dropped: the
catalogues made from another one start without them.  Run ``msgcat`` on a
written file to get gettext's own line wrapping (``write`` does it).
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Entry", "read", "unescape", "write"]


@dataclass
class Entry:
    """One message of a catalogue; ``msgstr`` has one item per plural form."""

    msgid: str
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: list[str] = field(default_factory=lambda: [""])
    translator_comments: list[str] = field(default_factory=list)
    other_comments: list[str] = field(default_factory=list)  # #. #: #, #| lines, as read

    @property
    def key(self) -> str:
        """What gettext looks the message up by: context EOT msgid."""
        return self.msgid if self.msgctxt is None else f"{self.msgctxt}\x04{self.msgid}"

    @property
    def translated(self) -> bool:
        return all(self.msgstr) and "fuzzy" not in self.flags

    @property
    def flags(self) -> set[str]:
        found: set[str] = set()
        for line in self.other_comments:
            if line.startswith("#,"):
                found.update(flag.strip() for flag in line[2:].split(","))
        return found


_QUOTED = re.compile(r'^"(.*)"\s*$')
_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")\s*$")


def unescape(text: str) -> str:
    """The message as the program sees it (for checks, not for writing)."""
    out: list[str] = []
    chars = iter(text)
    for ch in chars:
        if ch != "\\":
            out.append(ch)
            continue
        nxt = next(chars, "")
        out.append({"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}.get(nxt, "\\" + nxt))
    return "".join(out)


def read(path: Path) -> tuple[Entry, list[Entry]]:
    """Return the header entry and the other (non-obsolete) entries of *path*."""
    entries: list[Entry] = []
    comments: list[str] = []
    translator: list[str] = []
    current: Entry | None = None
    target: tuple[str, int] | None = None

    def finish() -> None:
        nonlocal current
        if current is not None:
            entries.append(current)
        current = None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.rstrip("\n")
        if line.startswith("#~") or not line.strip():
            if line.startswith("#~"):
                finish()
                target = None
            continue
        if line.startswith("#"):
            if current is not None and target is not None:
                finish()
                target = None
            if line == "#" or line.startswith("# "):
                translator.append(line[2:] if line.startswith("# ") else "")
            else:
                comments.append(line)
            continue
        keyword = _KEYWORD.match(line)
        if keyword:
            name, index, quoted = keyword.group(1), keyword.group(2), keyword.group(3)
            value = _QUOTED.match(quoted)
            assert value is not None, line
            # A new msgctxt or msgid starts the next entry (but msgid follows its msgctxt).
            starts = name in ("msgctxt", "msgid") and not (
                name == "msgid" and target == ("msgctxt", 0)
            )
            if starts and current is not None and target is not None:
                finish()
            if current is None:
                current = Entry(msgid="", translator_comments=translator, other_comments=comments)
                current.msgstr = []
                translator, comments = [], []
            if name == "msgctxt":
                current.msgctxt = value.group(1)
                target = ("msgctxt", 0)
            elif name == "msgid":
                current.msgid = value.group(1)
                target = ("msgid", 0)
            elif name == "msgid_plural":
                current.msgid_plural = value.group(1)
                target = ("msgid_plural", 0)
            else:
                slot = int(index) if index is not None else 0
                while len(current.msgstr) <= slot:
                    current.msgstr.append("")
                current.msgstr[slot] = value.group(1)
                target = ("msgstr", slot)
            continue
        value = _QUOTED.match(line)
        if value is None or current is None or target is None:
            raise ValueError(f"{path}: cannot read line {line!r}")
        part = value.group(1)
        kind, slot = target
        if kind == "msgctxt":
            current.msgctxt = (current.msgctxt or "") + part
        elif kind == "msgid":
            current.msgid += part
        elif kind == "msgid_plural":
            current.msgid_plural = (current.msgid_plural or "") + part
        else:
            current.msgstr[slot] += part
    finish()
    if not entries or entries[0].msgid != "":
        raise ValueError(f"{path}: no header entry")
    return entries[0], entries[1:]


def _format(entry: Entry) -> str:
    lines = [f"# {c}" if c else "#" for c in entry.translator_comments]
    lines += entry.other_comments
    if entry.msgctxt is not None:
        lines.append(f'msgctxt "{entry.msgctxt}"')
    lines.append(f'msgid "{entry.msgid}"')
    if entry.msgid_plural is not None:
        lines.append(f'msgid_plural "{entry.msgid_plural}"')
        lines += [f'msgstr[{n}] "{text}"' for n, text in enumerate(entry.msgstr)]
    else:
        lines.append(f'msgstr "{entry.msgstr[0] if entry.msgstr else ""}"')
    return "\n".join(lines) + "\n"


def write(path: Path, header: Entry, entries: list[Entry]) -> None:
    """Write the catalogue, then let msgcat wrap it the way makemessages does."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "\n".join(_format(e) for e in [header, *entries])
    path.write_text(text, encoding="utf-8")
    subprocess.run(["msgcat", "-o", str(path), str(path)], check=True)  # noqa: S603, S607
