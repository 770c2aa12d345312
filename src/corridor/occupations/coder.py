"""The lexical occupation coder: a title in any supported language to ranked ISCO-08 unit groups.

Every known term (dictionary, classification titles, ESCO labels, staff confirmations) is a
short list of folded words. A title's words are matched to the vocabulary exactly, by a shared
stem (Russian and Turkic words differ in their endings: "водителя", "сварщица", "haydovchilar"),
inside a compound ("электрогазосварщик" holds "сварщик") or, for a typo, by edit distance. Each
term then scores how much of the title it explains and how much of itself was found, weighting
rare words over common ones ("оператор" says less than "погрузчик"); a code's score is its best
term's, times how much that term's source is trusted. The answer names the words that matched.

The index is built once per process (about a second) and is read-only after that.
"""

import math
import re
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz, process

from corridor.occupations.knowledge import Source, Term
from corridor.occupations.text import title_tokens, title_words

# Recall (how much of the title a term explains) counts this many times more than precision.
_BETA_SQUARED = 2.0
# A coded title is confident at or above this score and this far ahead of the next code.
CONFIDENT_SCORE = 0.70
CONFIDENT_MARGIN = 0.08
# Below this nothing is suggested: a guess would only mislead.
MINIMUM_SCORE = 0.30

_EXACT = 1.0
_SAME_STEM = 0.9
_CLOSE_STEM = 0.85
_IN_COMPOUND = 0.8
_TYPO_FACTOR = 0.85
_TYPO_MIN_RATIO = 82.0
_PREFIX = 4
# A named driving-licence category settles which kind of driver a title means.
_LICENCE_WEIGHT = 2.0
_LICENCE_GROUPS = {"#licence-b": "8322", "#licence-c": "8332", "#licence-d": "8331"}
_DRIVER_GROUPS = frozenset(_LICENCE_GROUPS.values())
_OTHER_DRIVER_FACTOR = 0.8
# A title word found in more terms than this is common (see `_match_order`).
_COMMON_REACH = 300
# First elements of Russian compound trade names ("электрогазосварщик", "автослесарь").
_COMPOUND_HEADS = ("elektrogazo", "elektro", "gazo", "avto", "moto", "velo", "gidro", "teplo")
# The head of a title is its first known word that is not a rank ("ведущий", "заместитель"):
# "Юрисконсульт контрактной службы" is a lawyer in the contract service, not its specialist.
# A term that leaves the head unexplained scores this much less, and the head weighs this many
# times a word of the same rarity in how much of the title a term explains.
_HEAD_MISSED_FACTOR = 0.6
_HEAD_WEIGHT = 1.5
# Ranks and stand-ins before the head, as folded stems (Russian: ведущий, главный, старший,
# младший, заместитель, исполняющий обязанности; Uzbek: katta, bosh).
_RANK_STEMS = tuple(
    "".join(title_words(stem))
    for stem in ("ведущ", "главн", "старш", "младш", "заместител", "исполняющ", "обязанност")
)
_RANK_WORDS = frozenset({"zam", *title_words("katta bosh")})
_CYRILLIC = re.compile("[\u0400-\u04ff]")


@dataclass(frozen=True, slots=True)
class Candidate:
    """One ranked ISCO-08 unit group with the term that earned it and the words that matched."""

    isco_code: str
    score: float
    term: Term
    matched_words: tuple[str, ...]

    @property
    def source(self) -> Source:
        return self.term.source


@dataclass(frozen=True, slots=True)
class Coding:
    title: str
    candidates: tuple[Candidate, ...]
    confident: bool

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _stem_similarity(query: str, word: str) -> float:
    """How surely two folded words are forms of one word, from their shared beginning."""
    if query == word:
        return _EXACT
    shorter, longer = sorted((len(query), len(word)))
    common = _common_prefix(query, word)
    if common == shorter and shorter >= _PREFIX and longer - shorter <= 4:
        return _SAME_STEM
    if common >= 5 and common >= shorter - 2 and longer - common <= 4:
        return _CLOSE_STEM
    return 0.0


@dataclass
class _Scored:
    """Matches of one term: best similarity per term word and per title word."""

    by_position: dict[int, float] = field(default_factory=dict)
    by_title_word: dict[int, float] = field(default_factory=dict)


class LexicalCoder:
    def __init__(self, terms: Iterable[Term]) -> None:
        self.terms: list[Term] = []
        self._vocabulary: dict[str, int] = {}
        self._words: list[str] = []
        self._postings: list[list[tuple[int, int]]] = []
        self._by_prefix: dict[str, list[int]] = defaultdict(list)
        for term in terms:
            self._add(term)
        count = len(self.terms) or 1
        self._idf = [math.log(1 + count / len({t for t, _ in p})) for p in self._postings]
        # A word the coder has never seen (a place, a brand, a typo beyond repair) counts
        # against a title like a fairly rare word: enough to keep nonsense unconfident, not so
        # much that "Грузчик на рынок Фуд Сити" loses its occupation.
        self._unknown_weight = statistics.median(self._idf) if self._idf else 1.0
        self._term_word_weights = [
            tuple(self._idf[self._vocabulary[w]] for w in t.words) for t in self.terms
        ]
        self._term_weight = [sum(weights) for weights in self._term_word_weights]
        self._cache: dict[str, tuple[tuple[int, float], ...]] = {}
        # Words of Russian terms: a title whose head is one of them is read in Russian order.
        self._russian_words = frozenset(
            self._vocabulary[w] for t in self.terms if t.language == "ru" for w in t.words
        )

    def _add(self, term: Term) -> None:
        index = len(self.terms)
        self.terms.append(term)
        for position, word in enumerate(term.words):
            word_id = self._vocabulary.get(word)
            if word_id is None:
                word_id = self._vocabulary[word] = len(self._words)
                self._words.append(word)
                self._postings.append([])
                if len(word) >= _PREFIX:
                    self._by_prefix[word[:_PREFIX]].append(word_id)
            self._postings[word_id].append((index, position))

    def word_matches(self, word: str) -> tuple[tuple[int, float], ...]:
        """Vocabulary words this title word may be, with how sure (cached: titles repeat)."""
        cached = self._cache.get(word)
        if cached is None:
            cached = self._cache[word] = self._find(word)
            if len(self._cache) > 200_000:
                self._cache.clear()
        return cached

    def _find(self, word: str) -> tuple[tuple[int, float], ...]:
        found: dict[int, float] = {}
        exact = self._vocabulary.get(word)
        if exact is not None:
            found[exact] = _EXACT
        if word.startswith("#"):
            return tuple(found.items())
        for candidate in self._by_prefix.get(word[:_PREFIX], ()):
            similarity = _stem_similarity(word, self._words[candidate])
            if similarity > found.get(candidate, 0.0):
                found[candidate] = similarity
        for head in _COMPOUND_HEADS:
            rest = word.removeprefix(head)
            if rest != word and len(rest) >= 5:
                for candidate, similarity in self._find(rest):
                    found.setdefault(candidate, similarity * _IN_COMPOUND)
                break
        if not found and len(word) >= 5:
            for _, ratio, candidate in process.extract(
                word, self._words, scorer=fuzz.ratio, score_cutoff=_TYPO_MIN_RATIO, limit=5
            ):
                found[candidate] = ratio / 100 * _TYPO_FACTOR
        return tuple(found.items())

    def _match_order(
        self, matches: list[tuple[tuple[int, float], ...]]
    ) -> list[tuple[int, tuple[tuple[int, float], ...], bool]]:
        """Title words rarest first; a common word ("worker", "рабочий") only adds to terms a
        rarer word already found, unless the title has no rarer word. This keeps a title from
        scoring thousands of ESCO labels that share nothing but "worker" with it."""
        reach = [sum(len(self._postings[w]) for w, _ in found) for found in matches]
        order = sorted(range(len(matches)), key=reach.__getitem__)
        has_rare = any(0 < reach[i] <= _COMMON_REACH for i in order)
        return [(i, matches[i], has_rare and reach[i] > _COMMON_REACH) for i in order]

    def code(self, title: str, top: int = 5, floor: float = MINIMUM_SCORE) -> Coding:
        """Ranked codes for a title; below `floor` nothing is offered (a lower floor is for
        intake that must keep a provisional guess for review, never for a confident answer)."""
        tokens = title_tokens(title)
        matches = [self.word_matches(key) for _, key in tokens]
        title_weights = [
            max((self._idf[w] for w, _ in found), default=self._unknown_weight) for found in matches
        ]
        scored = self._scored_terms(matches)
        licences = {key for _, key in tokens if key.startswith("#licence-")}
        plain = _ranked(self._best_by_code(tokens, scored, title_weights, None), licences)
        plain = [c for c in plain if c.score >= floor][:top]
        head = _head(tokens, matches, self._russian_words)
        # Russian names the job first and its department after ("Юрисконсульт контрактной
        # службы"); Uzbek, Tajik, Kyrgyz and English put the head last. A title read as Russian
        # (its first known word and its best term are) is ranked again with its head deciding;
        # the head never makes the coder surer than the plain reading is.
        if head is None or not plain or plain[0].term.language != "ru":
            return Coding(title, tuple(plain), _is_confident(plain))
        ranked = _ranked(self._best_by_code(tokens, scored, title_weights, head), licences)
        ranked = [c for c in ranked if c.score >= floor][:top]
        confident = (
            _is_confident(ranked)
            and _is_confident(plain)
            and ranked[0].isco_code == plain[0].isco_code
        )
        return Coding(title, tuple(ranked), confident)

    def _scored_terms(self, matches: list[tuple[tuple[int, float], ...]]) -> dict[int, _Scored]:
        """The terms the title's words reach, with how well each of their words was found."""
        scored: dict[int, _Scored] = {}
        for title_index, found, only_known in self._match_order(matches):
            for word_id, similarity in found:
                for term_index, position in self._postings[word_id]:
                    entry = scored.get(term_index)
                    if entry is None:
                        if only_known:
                            continue
                        entry = scored[term_index] = _Scored()
                    if similarity > entry.by_position.get(position, 0.0):
                        entry.by_position[position] = similarity
                    if similarity > entry.by_title_word.get(title_index, 0.0):
                        entry.by_title_word[title_index] = similarity
        return scored

    def _best_by_code(
        self,
        tokens: Sequence[tuple[str, str]],
        scored: dict[int, _Scored],
        title_weights: list[float],
        head: int | None,
    ) -> dict[str, Candidate]:
        """Each code's best term; with `head`, the head word weighs more and a term that leaves
        it unexplained scores less (`_HEAD_WEIGHT`, `_HEAD_MISSED_FACTOR`)."""
        weights_in_title = list(title_weights)
        if head is not None:
            weights_in_title[head] *= _HEAD_WEIGHT
        title_weight = sum(weights_in_title) or 1.0
        best: dict[str, Candidate] = {}
        for term_index, entry in scored.items():
            term = self.terms[term_index]
            weights = self._term_word_weights[term_index]
            found_in_term = sum(s * weights[p] for p, s in entry.by_position.items())
            precision = found_in_term / self._term_weight[term_index]
            recall = (
                sum(s * weights_in_title[i] for i, s in entry.by_title_word.items()) / title_weight
            )
            f_score = (
                (1 + _BETA_SQUARED) * precision * recall / (_BETA_SQUARED * precision + recall)
            )
            score = f_score * term.source.weight
            if head is not None and head not in entry.by_title_word:
                score *= _HEAD_MISSED_FACTOR
            current = best.get(term.isco_code)
            if current is None or score > current.score:
                words = tuple(tokens[i][0] for i in sorted(entry.by_title_word))
                best[term.isco_code] = Candidate(term.isco_code, score, term, words)
        return best

    def code_many(self, titles: Sequence[str], top: int = 5) -> list[Coding]:
        return [self.code(title, top) for title in titles]


def _head(
    tokens: Sequence[tuple[str, str]],
    matches: Sequence[tuple[tuple[int, float], ...]],
    russian: frozenset[int],
) -> int | None:
    """The position of a Russian title's head: its first known word in Cyrillic that is not a
    rank ("Python-разработчик", "IT-отдел": the Latin word qualifies the head). None when that
    word is not Russian (the title is in another language), for a one-word title (nothing to
    agree with) or one with no known word."""
    if len(tokens) < 2:
        return None
    for index, (raw, key) in enumerate(tokens):
        if key.startswith("#") or key in _RANK_WORDS or key.startswith(_RANK_STEMS):
            continue
        if not matches[index] or not _CYRILLIC.search(raw):
            continue
        return index if any(word in russian for word, _ in matches[index]) else None
    return None


def _ranked(best: dict[str, Candidate], licences: set[str]) -> list[Candidate]:
    candidates = [_with_licence(c, licences) for c in best.values()] if licences else best.values()
    return sorted(candidates, key=lambda c: (-c.score, -c.source.weight, c.isco_code))


def _with_licence(candidate: Candidate, licences: set[str]) -> Candidate:
    """A driver group other than the one the named licence category drives scores less:
    "Водитель-экспедитор кат. CE" drives a lorry (8332), whatever "экспедитор" suggests."""
    if candidate.isco_code not in _DRIVER_GROUPS:
        return candidate
    if any(_LICENCE_GROUPS.get(licence) == candidate.isco_code for licence in licences):
        return candidate
    return replace(candidate, score=candidate.score * _OTHER_DRIVER_FACTOR)


def _is_confident(ranked: Sequence[Candidate]) -> bool:
    if not ranked or ranked[0].score < CONFIDENT_SCORE:
        return False
    runner_up = ranked[1].score if len(ranked) > 1 else 0.0
    return ranked[0].score - runner_up >= CONFIDENT_MARGIN
