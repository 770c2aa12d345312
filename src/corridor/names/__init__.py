"""Name handling shared by the whole project: scripts, transliteration, keys.

Pure functions only (no Django), so they can be used from models, seeding
scripts and tests alike:

* :func:`detect_script` / :func:`fix_lookalikes` -- which alphabet a name is
  in, and repair of Latin/Cyrillic homoglyphs typed inside a word;
* :func:`to_latin` / :func:`to_cyrillic` -- readable renderings for display;
* :func:`name_key` and friends -- ASCII skeletons that make the spellings of
  one name across scripts compare equal, for search and record linkage.
"""

from corridor.names.keys import (
    father_name_stem,
    name_key,
    name_keys,
    patronymic_stem,
    query_keys,
    surname_stem,
)
from corridor.names.scripts import Script, detect_script, fix_lookalikes
from corridor.names.transliterate import Language, guess_language, to_cyrillic, to_latin

__all__ = [
    "Language",
    "Script",
    "detect_script",
    "father_name_stem",
    "fix_lookalikes",
    "guess_language",
    "name_key",
    "name_keys",
    "patronymic_stem",
    "query_keys",
    "surname_stem",
    "to_cyrillic",
    "to_latin",
]
