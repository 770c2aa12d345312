"""Clusters never join records that contradict each other, however the pairs chain."""

from corridor.identity.clustering import constrained_clusters


def _record(record_id, sex="M", birth_year=None, patronymic=None):
    return {
        "record_id": record_id,
        "sex": sex,
        "birth_year": birth_year,
        "patronymic_stem": patronymic,
    }


def test_a_sparse_record_does_not_chain_two_namesakes_together():
    records = [
        _record("sparse"),
        _record("born1970", birth_year=1970),
        _record("born1991", birth_year=1991),
    ]
    edges = [("sparse", "born1970", 0.99), ("sparse", "born1991", 0.98)]

    clusters, refused = constrained_clusters(records, edges, threshold=0.95)

    assert clusters == {"sparse": "born1970", "born1970": "born1970", "born1991": "born1991"}
    assert refused == 1


def test_different_fathers_names_keep_records_apart_but_spellings_do_not():
    records = [
        _record("a", patronymic="otkir"),
        _record("b", patronymic="otkir"),
        _record("c", patronymic="otkr"),
        _record("d", patronymic="rustam"),
    ]
    edges = [("a", "b", 0.999), ("b", "c", 0.99), ("c", "d", 0.97)]

    clusters, refused = constrained_clusters(records, edges, threshold=0.95)

    assert clusters["a"] == clusters["b"] == clusters["c"] == "a"
    assert clusters["d"] == "d"
    assert refused == 1


def test_pairs_below_the_threshold_are_not_joined_and_not_counted_as_refused():
    records = [_record("x"), _record("y", sex="F")]

    clusters, refused = constrained_clusters(records, [("x", "y", 0.4)], threshold=0.95)

    assert clusters == {"x": "x", "y": "y"}
    assert refused == 0
