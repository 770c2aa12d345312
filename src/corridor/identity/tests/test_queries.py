"""The duplicate review's reads, shared by its pages and the API: the queue and one pair or
merge, each only for those who change both records."""

import pytest
from django.http import Http404

from corridor.accounts.tests.factories import member
from corridor.identity import queries, services
from corridor.identity.models import DuplicatePair, PairStatus
from corridor.people.tests.factories import actor, register

pytestmark = pytest.mark.django_db


def _pair(caseworker, first, other, probability):
    return DuplicatePair.objects.create(
        organisation=first.organisation,
        worker_a=first,
        worker_b=other,
        match_probability=probability,
        model_version="test",
    )


def test_the_queue_holds_open_pairs_most_likely_first():
    caseworker = member()
    first, second, third = (register(caseworker) for _ in range(3))
    likely = _pair(caseworker, first, second, 0.91)
    likelier = _pair(caseworker, first, third, 0.99)
    decided = _pair(caseworker, second, third, 0.95)
    decided.mark_reviewed(PairStatus.NOT_SAME, caseworker)

    assert list(queries.review_queue(caseworker)) == [likelier, likely]


def test_another_organisations_user_gets_no_pair_and_404_for_each_one():
    caseworker, outsider = member(), member(name="Another employment centre")
    first, second = register(caseworker), register(caseworker)
    pair = _pair(caseworker, first, second, 0.97)
    merge = services.merge_from_pair(actor=actor(caseworker), pair=pair, keep=first.pk)

    assert list(queries.review_queue(outsider)) == []
    with pytest.raises(Http404):
        queries.pair_or_404(outsider, pair.pk)
    with pytest.raises(Http404):
        queries.merge_or_404(outsider, merge.pk)
    assert queries.merge_or_404(caseworker, merge.pk) == merge
    assert queries.pair_or_404(caseworker, pair.pk).status == PairStatus.MERGED
