"""Labelled test data for identity linkage: one person, many registrations, many spellings.

    .venv/bin/python bench/identity/generate.py --persons 2000 --seed 1 --out /tmp/idset

Writes DIR/records.csv (the `corridor dedupe --input` contract) and DIR/truth.csv
(record_id,person_id). The same --persons and --seed always give byte-identical files.

Persons are citizens of UZ (50 %), TJ (25 %) and KG (25 %; a tenth of them with Russian
names). Names come from src/corridor/demo/data/. Persons are made in groups:

    70 %  a single person
    10 %  namesakes: two persons, same family and given name, different birth date,
          father, phone and passport
    10 %  twins: same family name, birth date, region and father (so the same
          patronymic), different given names, phones and passports
    10 %  father and son: same family name, the son's patronymic formed from the
          father's given name, born 20-30 years apart, same region

Men are 60 %, birth dates 1966-2006. Each person is registered 1 (50 %), 2 (25 %),
3 (15 %) or 4 (10 %) times, each time by a different source organisation (mean 1.85
records a person: --persons 540000 gives about 1,000,000 records). A registration is
written in one script, and its organisation fits it (Russian forms and passport scans
come mostly from organisations abroad):

              native Latin  native Cyrillic  Russian-style Cyrillic  ICAO 9303 capitals
    UZ            40 %         20 % (ў қ ғ ҳ)        25 %                  15 %
    TJ            15 %         35 % (ӣ ӯ ҷ ҳ)        35 %                  15 %
    KG            10 %         35 % (ө ү ң)          40 %                  15 %
    Russian names  5 %             -                 75 %                  20 %

Russian-style spellings of Uzbek names follow either habit (Уткир from Ўткир, or Откир
from O‘tkir). Patronymics come as "Ўткирович", "O‘tkir o‘g‘li", "Ўткир ўғли", "Асан
уулу", "Asan kyzy", "Firuzovna"; ICAO capitals as "ABDULLAEV SHAKHZOD". Independently,
each record gets with probability:

    typo (one-letter edit) in family or given name   10 %
    family and given name swapped                      5 %
    Latin look-alike letters inside a Cyrillic name   10 % of Cyrillic records
    patronymic missing                                30 % (ICAO records 79 %: passports have none)
    birth date: missing 5 %, day/month swapped 4 % (when the day is <= 12),
                year off by one 4 %
    phone: missing 20 %, the person's other number 25 %
    passport: missing 35 %, the renewed passport's number 25 %
    region missing 20 %, sex missing 3 %, citizenship missing 3 %
    apostrophe in Uzbek Latin o‘/g‘: ‘ 35 %, ' 25 %, ʻ 15 %, ’ 10 %, ` 5 %, none 10 %
    Tajik surname (persons with a -zoda form): -ov 50 %, -zoda 25 %, changed 25 %
    (a changed person's records use either form)

Hard negatives: with the group shares above, 46 % of persons have a namesake, a twin, a
father or a son in the set.

With these shares exact matching on (family, given, birth date) scores pairwise F1 of
about 0.3, while the records stay linkable by a matcher that knows the scripts.
With --variants (issue 14) each record also gets, with probability (on top of the above):

    patronymic as the father's initial ("S.", "К.")          8 %
    patronymic reduced to the father's name ("Rustam")       5 %
    patronymic in the other style: Russian-style Cyrillic
      particles ("Рустам угли", "Алим кизи", "Курманбек
      уулу") for UZ and KG persons                          15 % of Russian-style records
    sex missing 6 % (instead of 3 %), miscoded 3 %
    a woman's surname in the male form (Каримов)           15 % of women's records
    birth date: missing 8 %, day/month swapped 6 %, year off by one 6 %
    passport: series in Cyrillic look-alike letters ("АА", "АС") 30 % of Cyrillic records;
      a space after the series ("AA 1234567") 15 %, "№" before it 8 %
    Uzbek surnames: -ov changed to -zoda (Karimov -> Karimzoda) on 8 % of the
      records of persons whose other records keep -ov

and the hard negatives keep their shares (namesakes, twins, fathers and sons), so that
recall on written variants and precision on different persons are measured together.

Caveat for large N: the Tajik lists are small (30 x 30 male names), so at a million
records many unrelated Tajik persons share a full name, as they do in life.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from corridor.demo.names import KYRGYZ_WOMEN, _csv_lists, _kyrgyz, _tajik
from corridor.names import to_latin

sys.path.insert(0, str(Path(__file__).resolve().parent))

from spelling import (
    Token,
    feminine,
    icao,
    kyrgyz_token,
    latin_patronymic,
    one_letter_edit,
    russian_patronymic,
    russian_token,
    tajik_token,
    uzbek_token,
    with_lookalikes,
)

HEADER = ["record_id", "family_name", "given_name", "patronymic", "birth_date", "sex"]
HEADER += ["citizenship", "birth_region", "phone", "passport_number", "source_org"]
COUNTRIES = {"UZ": 0.50, "TJ": 0.25, "KG": 0.25}
GROUPS = {"single": 0.70, "namesakes": 0.10, "twins": 0.10, "father_son": 0.10}
REGISTRATIONS = {1: 0.50, 2: 0.25, 3: 0.15, 4: 0.10}
# Which script a registration is written in, per country; "russian" is what Russian
# forms and older Soviet-style documents use, "icao" what a passport scan gives.
STYLES = {
    "UZ": {"latin": 0.40, "cyrillic": 0.20, "russian": 0.25, "icao": 0.15},
    "TJ": {"cyrillic": 0.35, "latin": 0.15, "russian": 0.35, "icao": 0.15},
    "KG": {"cyrillic": 0.35, "latin": 0.10, "russian": 0.40, "icao": 0.15},
    "RU": {"russian": 0.75, "latin": 0.05, "icao": 0.20},
}
APOSTROPHES = {"‘": 0.35, "ʻ": 0.15, "'": 0.25, "`": 0.05, "’": 0.10, "": 0.10}
REGIONS = {
    "UZ": ["AN", "BU", "FA", "JI", "NG", "NW", "QA", "QR", "SA", "SI", "SU", "TK", "TO", "XO"],
    "TJ": ["DU", "GB", "KT", "RA", "SU"],
    "KG": ["B", "C", "GB", "GO", "J", "N", "O", "T", "Y"],
}
PHONE_PREFIX = {"UZ": ["+99890", "+99891", "+99893", "+99897"], "TJ": ["+99292", "+99293"]}
PHONE_PREFIX["KG"] = ["+996555", "+996700", "+996772"]
PASSPORT_SERIES = {"UZ": ["AA", "AB", "AC", "FA"], "TJ": ["40", "50"], "KG": ["AC", "ID"]}
ORGS = {
    "UZ": ["uz-agency-tashkent", "uz-agency-samarkand", "uz-agency-fergana", "uz-mahalla"],
    "TJ": ["tj-mol-dushanbe", "tj-mol-khujand", "tj-mol-bokhtar", "tj-jamoat"],
    "KG": ["kg-ministry-bishkek", "kg-centre-osh", "kg-centre-naryn", "kg-aiyl-okmotu"],
}
FOREIGN_ORGS = ["ru-mvd-moscow", "ru-employer-portal", "kr-eps-seoul", "gb-seasonal-scheme"]


def pick[T](rng: random.Random, weights: dict[T, float]) -> T:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


# --- Persons -----------------------------------------------------------------------


@dataclass
class Person:
    person_id: str
    country: str
    names: str  # "UZ", "TJ", "KG" or "RU": whose naming and scripts apply
    sex: str
    family: Token  # masculine form; feminine() is applied when writing
    given: Token
    father: Token
    birth_date: date
    region: str
    phones: tuple[str, str]  # usual number, another one the person also gives
    passports: tuple[str, str]  # old and renewed
    zoda: Token | None = None  # Tajik -zoda surname
    zoda_state: str = "ov"  # "ov", "zoda" or "changed" (records use either)


class Maker:
    """Draws persons from the name lists with one seeded random generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.uz = _csv_lists("faker_uz_UZ_person_names.csv")
        self.ru = _csv_lists("faker_ru_RU_person_names.csv")
        self.tj = _tajik()
        self.kg_surnames, kg_given = _kyrgyz()
        # The Kyrgyz list mixes men's and women's names; keep women's parts out of men's.
        self.kg_men = [n for n in kg_given if not any(w in n for w in ("гүл", "сезим", "айым"))]
        self.count = 0

    def given_token(self, names: str, sex: str) -> Token:
        rng, kind = self.rng, "male" if sex == "M" else "female"
        if names == "UZ":
            return uzbek_token(rng.choice(self.uz[f"first_names_{kind}"]))
        if names == "TJ":
            row = rng.choice([r for r in self.tj if r["kind"] == "given" and r["sex"] == sex])
            return tajik_token(row["tajik_cyrillic"], row["latin"])
        if names == "KG":
            return kyrgyz_token(rng.choice(self.kg_men if sex == "M" else KYRGYZ_WOMEN))
        return russian_token(rng.choice(self.ru[f"first_names_{kind}"]))

    def surname(self, names: str) -> tuple[Token, Token | None]:
        rng = self.rng
        if names == "UZ":
            return uzbek_token(rng.choice(self.uz["last_names_male"])), None
        if names == "TJ":
            row = rng.choice([r for r in self.tj if r["kind"] == "surname"])
            zoda = tajik_token(row["zoda_cyrillic"], row["zoda_latin"])
            return tajik_token(row["tajik_cyrillic"], row["latin"]), zoda
        if names == "KG":
            return kyrgyz_token(rng.choice(self.kg_surnames)), None
        return russian_token(rng.choice(self.ru["last_names_male"])), None

    def phone(self, country: str) -> str:
        prefix = self.rng.choice(PHONE_PREFIX[country])
        return prefix + "".join(self.rng.choices("0123456789", k=12 - len(prefix) + 1))

    def passport(self, country: str) -> str:
        return self.rng.choice(PASSPORT_SERIES[country]) + f"{self.rng.randrange(10**7):07d}"

    def person(self) -> Person:
        rng = self.rng
        country = pick(rng, COUNTRIES)
        names = "RU" if country == "KG" and rng.random() < 0.10 else country
        sex = "M" if rng.random() < 0.6 else "F"  # more men among labour migrants
        family, zoda = self.surname(names)
        self.count += 1
        return Person(
            person_id=f"P{self.count:07d}",
            country=country,
            names=names,
            sex=sex,
            family=family,
            given=self.given_token(names, sex),
            father=self.given_token(names, "M"),
            birth_date=date(1966, 1, 1) + timedelta(days=rng.randrange(41 * 365)),
            region=f"{country}-{rng.choice(REGIONS[country])}",
            phones=(self.phone(country), self.phone(country)),
            passports=(self.passport(country), self.passport(country)),
            zoda=zoda,
            zoda_state=pick(rng, {"ov": 0.5, "zoda": 0.25, "changed": 0.25}) if zoda else "ov",
        )

    def new_identity(self, other: Person, **changes: object) -> Person:
        """A different person resembling `other`: own id, phones and passports."""
        self.count += 1
        fresh = {
            "person_id": f"P{self.count:07d}",
            "phones": (self.phone(other.country), self.phone(other.country)),
            "passports": (self.passport(other.country), self.passport(other.country)),
        }
        return replace(other, **(fresh | changes))  # type: ignore[arg-type]

    def group(self, kind: str) -> list[Person]:
        rng = self.rng
        first = self.person()
        if kind == "namesakes":
            born = first.birth_date + timedelta(days=rng.choice([-1, 1]) * rng.randrange(30, 8000))
            other = self.new_identity(
                first,
                birth_date=born,
                father=self.given_token(first.names, "M"),
                region=f"{first.country}-{rng.choice(REGIONS[first.country])}",
            )
            return [first, other]
        if kind == "twins":
            sex = "M" if rng.random() < 0.5 else "F"
            given = self.given_token(first.names, sex)
            while given == first.given:
                given = self.given_token(first.names, sex)
            return [first, self.new_identity(first, sex=sex, given=given)]
        if kind == "father_son":
            son = self.new_identity(first, sex="M", given=self.given_token(first.names, "M"))
            first.sex = "M"
            first.given = self.given_token(first.names, "M")
            son.father = first.given
            son.birth_date = date(1986, 1, 1) + timedelta(days=rng.randrange(20 * 365))
            years = rng.randint(20, 30)
            first.birth_date = son.birth_date.replace(day=1) - timedelta(days=365 * years)
            first.birth_date += timedelta(days=rng.randrange(28))
            return [first, son]
        return [first]


# --- Registrations -----------------------------------------------------------------


def write_names(
    rng: random.Random, person: Person, style: str, variants: bool = False
) -> tuple[str, str, str]:
    """Family, given name and patronymic as one organisation would write them."""
    family = person.family
    if variants and not person.zoda and person.names in ("UZ", "TJ") and rng.random() < 0.08:
        family = zoda_form(family)
    elif person.zoda and (
        person.zoda_state == "zoda" or (person.zoda_state == "changed" and rng.random() < 0.5)
    ):
        family = person.zoda
    sex, names = person.sex, person.names
    male = sex == "M"
    russian = rng.choice(family.russian), rng.choice(person.given.russian)
    father_russian = rng.choice(person.father.russian)
    parts: tuple[str, ...]
    if style == "latin":
        parts = family.latin, person.given.latin
        if names == "UZ" and rng.random() < 0.8:
            patronymic = f"{person.father.latin} {'o‘g‘li' if male else 'qizi'}"
        elif names == "KG" and rng.random() < 0.5:
            patronymic = f"{person.father.latin} {'uulu' if male else 'kyzy'}"
        elif names == "RU":
            patronymic = to_latin(russian_patronymic(father_russian, sex), language="ru")
        else:
            patronymic = latin_patronymic(person.father.latin, sex)
        quote = pick(rng, APOSTROPHES)
        parts = tuple(p.replace("‘", quote) for p in parts)
        patronymic = patronymic.replace("‘", quote)
    elif style == "cyrillic":
        parts = family.cyrillic, person.given.cyrillic
        patronymic = russian_patronymic(person.father.cyrillic, sex)
        if names == "UZ" and rng.random() < 0.4:
            patronymic = f"{person.father.cyrillic} {'ўғли' if male else 'қизи'}"
        elif names == "KG" and rng.random() < 0.5:
            patronymic = f"{person.father.cyrillic} {'уулу' if male else 'кызы'}"
    else:  # russian, icao
        parts = russian
        patronymic = russian_patronymic(father_russian, sex)
        if style == "icao":
            parts = tuple(icao(p) for p in parts)
            # Passports of these countries carry no patronymic; Russian forms do.
            patronymic = icao(patronymic) if rng.random() < 0.3 else ""
    family_name, given_name = parts
    keep_male_form = variants and rng.random() < 0.15  # the clerk copied a man's form
    if sex == "F" and not family_name.lower().endswith(("zoda", "зода")) and not keep_male_form:
        family_name = feminine(family_name)
    if variants:
        patronymic = patronymic_variant(rng, person, style, patronymic)
    return family_name, given_name, patronymic


def zoda_form(family: Token) -> Token:
    """Karimov -> Karimzoda, Каримов -> Каримзода (the Tajik and some Uzbek renamings)."""

    def change(name: str) -> str:
        for ending, zoda in (("ov", "zoda"), ("ev", "zoda"), ("ов", "зода"), ("ев", "зода")):
            if name.endswith(ending):
                return name[: -len(ending)] + zoda
        return name

    return Token(change(family.latin), change(family.cyrillic), tuple(map(change, family.russian)))


def patronymic_variant(rng: random.Random, person: Person, style: str, written: str) -> str:
    """The father's name as an initial, alone, or with the particle in Russian-style letters."""
    father = {
        "latin": person.father.latin,
        "cyrillic": person.father.cyrillic,
        "russian": person.father.russian[0],
        "icao": icao(person.father.russian[0]),
    }[style]
    roll = rng.random()
    if roll < 0.08:
        return f"{father[0].upper()}."
    if roll < 0.13:
        return father
    if style == "russian" and person.names in ("UZ", "KG") and rng.random() < 0.15:
        male = person.sex == "M"
        particle = {"UZ": ("угли", "кизи"), "KG": ("уулу", "кызы")}[person.names]
        return f"{father} {particle[0] if male else particle[1]}"
    return written


CYRILLIC_SERIES = str.maketrans("ABCEHKMOPTX", "АВСЕНКМОРТХ")


def written_passport(rng: random.Random, number: str, style: str) -> str:
    """A passport number as clerks type it: series in Cyrillic look-alikes, a space, "№"."""
    series, digits = number[:2], number[2:]
    if style in ("cyrillic", "russian") and rng.random() < 0.30:
        series = series.translate(CYRILLIC_SERIES)
    roll = rng.random()
    if roll < 0.15:
        return f"{series} {digits}"
    if roll < 0.23:
        return f"№ {series}{digits}" if rng.random() < 0.5 else f"{series} № {digits}"
    return series + digits


def written_date(rng: random.Random, born: date, variants: bool = False) -> str:
    roll = rng.random()
    # missing, swapped, off by one: 5/4/4 %, with --variants 8/6/6 %
    missing, swapped, off = (0.08, 0.14, 0.20) if variants else (0.05, 0.09, 0.13)
    if roll < missing:
        return ""
    if roll < swapped and born.day <= 12 and born.day != born.month:
        return date(born.year, born.day, born.month).isoformat()
    if swapped <= roll < off:
        day = min(born.day, 28) if born.month == 2 else born.day  # no 29 February
        return born.replace(year=born.year + rng.choice([-1, 1]), day=day).isoformat()
    return born.isoformat()


def chance(rng: random.Random, p: float, value: str, other: str = "") -> str:
    """`other` with probability p, else `value` (used for missing/changed fields)."""
    return other if rng.random() < p else value


def choose_org(rng: random.Random, person: Person, style: str, used: set[str]) -> str:
    """A source organisation not used yet for this person, fitting the script it writes:
    Russian forms and passport scans come mostly from abroad, the rest from home."""
    abroad = style in ("russian", "icao") and rng.random() < 0.7
    preferred = FOREIGN_ORGS if abroad else ORGS[person.country]
    unused = [org for org in preferred if org not in used]
    org = rng.choice(unused or [o for o in ORGS[person.country] + FOREIGN_ORGS if o not in used])
    used.add(org)
    return org


def written_sex(rng: random.Random, sex: str, variants: bool) -> str:
    if not variants:
        return chance(rng, 0.03, sex)
    roll = rng.random()
    return "" if roll < 0.06 else {"M": "F", "F": "M"}[sex] if roll < 0.09 else sex


def register(
    rng: random.Random, person: Person, used_orgs: set[str], variants: bool = False
) -> dict[str, str]:
    style = pick(rng, STYLES[person.names])
    org = choose_org(rng, person, style, used_orgs)
    family, given, patronymic = write_names(rng, person, style, variants)
    if rng.random() < 0.10:
        if rng.random() < 0.5:
            family = one_letter_edit(rng, family)
        else:
            given = one_letter_edit(rng, given)
    if style in ("cyrillic", "russian") and rng.random() < 0.10:
        if rng.random() < 0.5:
            family = with_lookalikes(rng, family)
        else:
            given = with_lookalikes(rng, given)
    if rng.random() < 0.05:
        family, given = given, family
    roll = rng.random()
    phone = "" if roll < 0.20 else person.phones[1] if roll < 0.45 else person.phones[0]
    roll = rng.random()
    passport = "" if roll < 0.35 else person.passports[1] if roll < 0.60 else person.passports[0]
    if variants and passport:
        passport = written_passport(rng, passport, style)
    return {
        "family_name": family,
        "given_name": given,
        "patronymic": chance(rng, 0.30, patronymic),
        "birth_date": written_date(rng, person.birth_date, variants),
        "sex": written_sex(rng, person.sex, variants),
        "citizenship": chance(rng, 0.03, person.country),
        "birth_region": chance(rng, 0.20, person.region),
        "phone": phone,
        "passport_number": passport,
        "source_org": org,
    }


def generate(
    persons: int, seed: int, variants: bool = False
) -> tuple[list[dict[str, str]], list[tuple[str, str]]]:
    """Records (with record_id) and (record_id, person_id) truth, in shuffled order."""
    rng = random.Random(seed)
    maker = Maker(rng)
    people: list[Person] = []
    while len(people) < persons:
        people.extend(maker.group(pick(rng, GROUPS))[: persons - len(people)])
    rows: list[tuple[dict[str, str], str]] = []
    for person in people:
        used_orgs: set[str] = set()
        for _ in range(pick(rng, REGISTRATIONS)):
            rows.append((register(rng, person, used_orgs, variants), person.person_id))
    # Shuffle so that neither file order nor record ids give the clusters away.
    rng.shuffle(rows)
    records, truth = [], []
    for index, (row, person_id) in enumerate(rows, start=1):
        record_id = f"R{index:08d}"
        records.append({"record_id": record_id} | row)
        truth.append((record_id, person_id))
    return records, truth


def write(records: list[dict[str, str]], truth: list[tuple[str, str]], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with (out / "records.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER, lineterminator="\n")
        writer.writeheader()
        writer.writerows(records)
    with (out / "truth.csv").open("w", newline="", encoding="utf-8") as handle:
        pairs = csv.writer(handle, lineterminator="\n")
        pairs.writerow(["record_id", "person_id"])
        pairs.writerows(truth)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--persons", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument(
        "--variants",
        action="store_true",
        help="add the written variants of issue 14 (see the docstring); without it the same "
        "--persons and --seed give the same bytes as before",
    )
    args = parser.parse_args(argv)
    records, truth = generate(args.persons, args.seed, args.variants)
    write(records, truth, args.out)
    print(f"{len(records)} records of {args.persons} persons -> {args.out}")


if __name__ == "__main__":
    main()
