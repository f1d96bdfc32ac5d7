"""Scores, state counts and rankings of groups of evaluations."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st
from test_evaluation_support import d, make_evaluation

from qyx_platform.evaluation import (
    Evaluation,
    NoDataPolicy,
    State,
    count_states,
    group_by,
    rank,
    score,
    scoreboard,
)

A, T, R, B, N = State.ACHIEVED, State.ON_TRACK, State.AT_RISK, State.BEHIND, State.NO_DATA


def evals(*states: State, prefix: str = "i", **kwargs: object) -> list[Evaluation]:
    """One evaluation per state, each for a different indicator."""
    return [
        make_evaluation(f"{prefix}{n}", s, **kwargs)  # type: ignore[arg-type]
        for n, s in enumerate(states)
    ]


class TestScore:
    def test_points_and_mean_excluding_no_data(self) -> None:
        s = score(evals(A, T, B, N))
        assert s.value == d("58.33")  # (100 + 75 + 0) / 3
        assert (s.counts.achieved, s.counts.on_track, s.counts.behind, s.counts.no_data) == (
            1,
            1,
            1,
            1,
        )
        assert (s.counts.total, s.counts.judged) == (4, 3)
        assert s.coverage == d("0.75")

    def test_no_data_as_zero(self) -> None:
        assert score(evals(A, T, B, N), policy=NoDataPolicy.ZERO).value == d("43.75")  # 175 / 4

    def test_at_risk_points(self) -> None:
        assert score(evals(R)).value == d("40")
        assert score(evals(A, R)).value == d("70")

    def test_nothing_to_score(self) -> None:
        s = score(evals(N, N))
        assert s.value is None and s.coverage == d("0")
        empty = score([])
        assert empty.value is None and empty.coverage is None and empty.counts.total == 0
        assert score(evals(N, N), policy=NoDataPolicy.ZERO).value == d("0")

    def test_an_indicator_with_two_series_weighs_as_one(self) -> None:
        # indicator 12: 职工 ACHIEVED (100), 城乡居民 BEHIND (0) → 50 for the indicator;
        # with another indicator ON_TRACK (75): (50 + 75) / 2, not (100 + 0 + 75) / 3
        items = [
            make_evaluation("bingyou.reimbursement", A, series="职工"),
            make_evaluation("bingyou.reimbursement", B, series="城乡居民"),
            make_evaluation("bingyou.checks", T),
        ]
        s = score(items)
        assert s.value == d("62.5")
        assert s.counts.total == 3  # counts count evaluations

    def test_a_series_without_data_does_not_dilute_its_indicator(self) -> None:
        items = [
            make_evaluation("x", A, series="职工"),
            make_evaluation("x", N, series="城乡居民"),
        ]
        assert score(items).value == d("100")
        assert score(items, policy=NoDataPolicy.ZERO).value == d("50")

    def test_count_states(self) -> None:
        c = count_states(evals(A, A, R, N))
        assert [c.of(s) for s in (A, T, R, B, N)] == [2, 0, 1, 0, 1]


class TestRank:
    def test_competition_ranking_with_ties(self) -> None:
        ranks = rank({"a": d("80"), "b": d("90"), "c": d("80.00"), "d": d("70"), "e": None})
        assert ranks == {"a": 2, "b": 1, "c": 2, "d": 4, "e": None}

    def test_all_tied(self) -> None:
        assert rank({"a": d("50"), "b": d("50")}) == {"a": 1, "b": 1}

    def test_scoreboard_ranks_domains_and_reports_core_separately(self) -> None:
        everything = [
            make_evaluation("y1", A, domain="youyou", core=True),
            make_evaluation("y2", B, domain="youyou"),
            make_evaluation("x1", T, domain="xueyou", core=True),
            make_evaluation("x2", T, domain="xueyou"),
            make_evaluation("z1", N, domain="zhuyou"),
        ]
        board = scoreboard(group_by(everything, lambda e: e.domain))
        rows = {r.key: r for r in board}
        assert [r.key for r in board] == ["xueyou", "youyou", "zhuyou"]
        assert rows["xueyou"].overall.value == d("75") and rows["xueyou"].rank == 1
        assert rows["youyou"].overall.value == d("50") and rows["youyou"].rank == 2
        assert rows["zhuyou"].overall.value is None and rows["zhuyou"].rank is None
        # core only: youyou 100 beats xueyou 75
        assert rows["youyou"].core.value == d("100") and rows["youyou"].core_rank == 1
        assert rows["xueyou"].core.value == d("75") and rows["xueyou"].core_rank == 2
        assert rows["zhuyou"].core.value is None and rows["zhuyou"].core_rank is None

    def test_ties_share_a_rank_and_list_by_key(self) -> None:
        board = scoreboard({"b": evals(A), "a": evals(A), "c": evals(B)})
        assert [(r.key, r.rank) for r in board] == [("a", 1), ("b", 1), ("c", 3)]


states = st.sampled_from(list(State))


@given(st.lists(states, max_size=12), st.sampled_from(list(NoDataPolicy)))
def test_score_is_between_0_and_100(chosen: list[State], policy: NoDataPolicy) -> None:
    value = score(evals(*chosen), policy=policy).value
    assert value is None or Decimal(0) <= value <= Decimal(100)


@given(st.lists(states, min_size=1, max_size=12), st.integers(0, 11))
def test_improving_one_state_never_lowers_the_score(chosen: list[State], which: int) -> None:
    order = [B, R, T, A]
    i = which % len(chosen)
    if chosen[i] in (N, A):
        return
    better = list(chosen)
    better[i] = order[order.index(chosen[i]) + 1]
    before, after = score(evals(*chosen)).value, score(evals(*better)).value
    assert before is not None and after is not None
    assert after >= before


@given(st.dictionaries(st.text(min_size=1, max_size=3), st.none() | st.integers(0, 5)))
def test_rank_counts_the_strictly_better(scores: dict[str, int | None]) -> None:
    values = {k: None if v is None else Decimal(v) for k, v in scores.items()}
    ranks = rank(values)
    for key, value in values.items():
        if value is None:
            assert ranks[key] is None
        else:
            better = sum(1 for v in values.values() if v is not None and v > value)
            assert ranks[key] == better + 1
