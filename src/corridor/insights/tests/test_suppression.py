from corridor.insights.suppression import round_count, suppress_amount, suppress_column


def test_counts_from_1_to_4_are_hidden_zero_stays_and_others_round_to_5():
    assert suppress_column([0, 1, 4, 5, 7, 8, 12, 13], adds_up=False) == [
        0, None, None, 5, 5, 10, 10, 15,
    ]  # fmt: skip
    assert round_count(12) == 10 and round_count(13) == 15


def test_a_lone_hidden_cell_of_a_total_takes_the_next_smallest_with_it():
    # Total 3 + 9 + 40: without the second suppression, total - 40 - 9 gives the 3.
    assert suppress_column([3, 9, 40], adds_up=True) == [None, None, 40]


def test_two_hidden_cells_already_protect_each_other():
    assert suppress_column([3, 2, 40], adds_up=True) == [None, None, 40]


def test_amounts_over_fewer_than_5_people_are_hidden():
    assert suppress_amount(95000, 4) is None
    assert suppress_amount(95000, 5) == 95000
