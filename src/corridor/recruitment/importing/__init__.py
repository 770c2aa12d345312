"""Importing vacancies from the "Work in Russia" (trudvsem) open data.

Two shapes come in (see docs: shared/data/formats/trudvsem-vacancies.md): the API answer
`{"results": {"vacancies": [{"vacancy": {...}}]}}` and the bulk dump `{"vacancies": [{...}]}`.
`reading` reads both into `Record`s, each field optional and every value untrusted text. Each
record is then accepted or rejected with a reason a person can act on. Accepted records become
vacancies through the same rules as every other door (`recruitment.vacancies`), all in one
transaction (`writing`): an interrupted import leaves nothing half-written, and with `strict`
one bad record means nothing is written at all. A second import of the same records updates
them (by source id), never duplicates them.

A vacancy is never refused because of the occupation coder: a title it cannot place with
confidence is kept with the coder's best guess, however weak, and joins the occupation review
list, where staff settle it (decision 0007). Employers are known by INN, else OGRN, else the
portal's own company code (`companycode`), which is all some records give.

The employer's staff contacts (`contact_list`, `contact_person`, the company's e-mail and phone)
are personal data Corridor has no use for: they are never read into a record, so they are never
stored, audited or logged.
"""

from corridor.recruitment.importing.reading import (
    API,
    DUMP,
    FORMATS,
    ImportFileError,
    Record,
    check,
    iso_region,
    parse,
    read_file,
    region_codes,
    wage_range,
)
from corridor.recruitment.importing.writing import (
    ACTOR_LABEL,
    ImportResult,
    Rejection,
    import_records,
)

__all__ = [
    "ACTOR_LABEL",
    "API",
    "DUMP",
    "FORMATS",
    "ImportFileError",
    "ImportResult",
    "Record",
    "Rejection",
    "check",
    "import_records",
    "iso_region",
    "parse",
    "read_file",
    "region_codes",
    "wage_range",
]
