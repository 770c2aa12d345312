"""Clusters from scored pairs, never joining records that contradict each other.

Plain transitive closure lets one sparse record (a name and nothing else) chain together
several namesakes who each match it. Here pairs are taken best first and two groups are
joined only if no record of one contradicts a record of the other: a sex, a birth year more
than a year apart, or a different father's name (patronymic). A group may therefore stay
split where a person would have joined them; that is the safe side of a merge.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from corridor.identity.scoring import jaro_winkler

PATRONYMIC_SIMILARITY = 0.88


@dataclass
class Group:
    members: list[str]
    sexes: set[str] = field(default_factory=set)
    birth_years: set[int] = field(default_factory=set)
    patronymics: set[str] = field(default_factory=set)

    def contradicts(self, other: "Group") -> bool:
        if len(self.sexes | other.sexes) > 1:
            return True
        if any(abs(a - b) > 1 for a in self.birth_years for b in other.birth_years):
            return True
        return any(
            jaro_winkler(a, b) < PATRONYMIC_SIMILARITY
            for a in self.patronymics
            for b in other.patronymics
        )

    def absorb(self, other: "Group") -> None:
        self.members.extend(other.members)
        self.sexes |= other.sexes
        self.birth_years |= other.birth_years
        self.patronymics |= other.patronymics


def constrained_clusters(
    records: Sequence[dict[str, Any]], edges: Iterable[tuple[str, str, float]], threshold: float
) -> tuple[dict[str, str], int]:
    """record_id -> cluster_id (the smallest record id of its cluster), and how many pairs
    at or above `threshold` were left unjoined because their groups contradict each other."""
    group_of: dict[str, Group] = {}
    for record in records:
        group = Group([record["record_id"]])
        if record.get("sex"):
            group.sexes.add(record["sex"])
        if record.get("birth_year") is not None:
            group.birth_years.add(int(record["birth_year"]))
        if record.get("patronymic_stem"):
            group.patronymics.add(record["patronymic_stem"])
        group_of[record["record_id"]] = group
    refused = 0
    for left, right, probability in sorted(edges, key=lambda edge: -edge[2]):
        if probability < threshold:
            break
        a, b = group_of[left], group_of[right]
        if a is b:
            continue
        if a.contradicts(b):
            refused += 1
            continue
        if len(a.members) < len(b.members):
            a, b = b, a
        a.absorb(b)
        for member in b.members:
            group_of[member] = a
    cluster_of = {}
    for group in {id(g): g for g in group_of.values()}.values():
        representative = min(group.members)
        for member in group.members:
            cluster_of[member] = representative
    return cluster_of, refused
