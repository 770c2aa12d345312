"""Clusters from scored pairs, never joining records that contradict each other.

Plain transitive closure lets one sparse record (a name and nothing else) chain together
several namesakes who each match it. Here pairs are taken best first and two groups are
joined only if no record of one contradicts a record of the other in a way the model has not
already weighed: birth years more than one apart, or two fathers' names that cannot be one
(compared as `corridor.names.father_name_stem` forms, so "Rustamovich", "Рустам угли" and
"R." agree). A pair the model scored at the threshold itself is not a contradiction: its
differences were weighed against its agreements (a miscoded sex, a mistyped year beside the
same passport). Sex is not compared here: one record in thirty in the field has it missing
or miscoded, and twins of different sex differ in the given name, which pairs are held to.
A group may still stay split where a person would have joined them; that is the safe side
of a merge.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from corridor.identity.scoring import patronymics_agree


@dataclass(frozen=True)
class Member:
    record_id: str
    birth_year: int | None
    patronymic: str | None


def _contradict(a: Member, b: Member) -> bool:
    if a.birth_year is not None and b.birth_year is not None:
        return abs(a.birth_year - b.birth_year) > 1 or _fathers_differ(a, b)
    return _fathers_differ(a, b)


def _fathers_differ(a: Member, b: Member) -> bool:
    return bool(a.patronymic and b.patronymic) and not patronymics_agree(
        a.patronymic or "", b.patronymic or ""
    )


@dataclass
class Group:
    members: list[Member]

    def contradicts(self, other: "Group", weighed: set[frozenset[str]]) -> bool:
        return any(
            _contradict(a, b) and frozenset((a.record_id, b.record_id)) not in weighed
            for a in self.members
            for b in other.members
        )


def constrained_clusters(
    records: Sequence[dict[str, Any]], edges: Iterable[tuple[str, str, float]], threshold: float
) -> tuple[dict[str, str], int]:
    """record_id -> cluster_id (the smallest record id of its cluster), and how many pairs
    at or above `threshold` were left unjoined because their groups contradict each other."""
    group_of: dict[str, Group] = {}
    for record in records:
        year = record.get("birth_year")
        member = Member(
            record["record_id"],
            int(year) if year is not None else None,
            record.get("patronymic_stem") or None,
        )
        group_of[member.record_id] = Group([member])
    # Best first; pairs of equal score by their record ids, not in the order the engine
    # returned them (DuckDB's threads and Spark's partitions order rows differently).
    linked = sorted(
        (edge for edge in edges if edge[2] >= threshold),
        key=lambda edge: (-edge[2], edge[0], edge[1]),
    )
    # Pairs the model itself scored at the threshold: their contradictions are weighed.
    weighed = {frozenset((left, right)) for left, right, _ in linked}
    refused = 0
    for left, right, _ in linked:
        a, b = group_of[left], group_of[right]
        if a is b:
            continue
        if a.contradicts(b, weighed):
            refused += 1
            continue
        if len(a.members) < len(b.members):
            a, b = b, a
        a.members.extend(b.members)
        for member in b.members:
            group_of[member.record_id] = a
    cluster_of = {}
    for group in {id(g): g for g in group_of.values()}.values():
        representative = min(m.record_id for m in group.members)
        for member in group.members:
            cluster_of[member.record_id] = representative
    return cluster_of, refused
