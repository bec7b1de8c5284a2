"""Cohen's kappa: a textbook table, the hand-worked J1/J2 pair, and the recorded outputs."""

from __future__ import annotations

import numpy as np
import pytest

from judgebench.analysis.agreement import agreement, agreement_matrix, kappa_of
from judgebench.analysis.judged import load_judged
from tests.analysis.fixtures import J1, J2, write_judged
from tests.conftest import GRM, O1_MINI, SKYWORK


def test_kappa_textbook():
    # 50 items: yes/yes 20, yes/no 5, no/yes 10, no/no 15 -> po 0.7, pe 0.5*0.6+0.5*0.4 = 0.5, kappa 0.4
    assert kappa_of(np.array([[20, 5, 0, 10, 15, 0, 0, 0, 0]]))[0] == pytest.approx(0.4)
    # perfect agreement is 1; all on one verdict is undefined (pe = 1)
    assert kappa_of(np.array([[3, 0, 0, 0, 4, 0, 0, 0, 1]]))[0] == pytest.approx(1.0)
    assert np.isnan(kappa_of(np.array([[9, 0, 0, 0, 0, 0, 0, 0, 0]]))[0])


def test_two_judges_by_hand(tmp_path):
    a = load_judged(write_judged(tmp_path / "a.jsonl", J1))
    b = load_judged(write_judged(tmp_path / "b.jsonl", J2, judge_model="judge-two"))
    ag = agreement(a, b, iterations=500)
    # verdicts J1: A - A - A B - A ; J2: A A B A B B A B
    assert ag.table == {"A": {"A": 1, "B": 3, "-": 0}, "B": {"A": 0, "B": 1, "-": 0}, "-": {"A": 3, "B": 0, "-": 0}}
    # po = 2/8; marginals J1 (A 4, B 1, - 3), J2 (A 4, B 4, - 0): pe = (16 + 4) / 64; kappa = -0.0625/0.6875
    assert ag.kappa == -0.091 and (ag.raw.k, ag.raw.n) == (2, 8)
    assert ag.ci95[0] <= ag.kappa <= ag.ci95[1]
    assert agreement(a, a, iterations=100).kappa == 1.0


def test_recorded_outputs():
    o1, grm, sky = load_judged(O1_MINI), load_judged(GRM), load_judged(SKYWORK)
    res = agreement_matrix([o1, grm, sky])
    assert [(a.kappa, a.raw.value) for a in res] == [(0.142, 47.14), (0.295, 56.57), (0.423, 71.14)]
    assert all(0 < a.ci95[0] < a.kappa < a.ci95[1] for a in res)


def test_files_listing_pairs_in_other_orders_are_matched_by_pair_id_and_no_verdict_cells_count(tmp_path):
    """J2 with no verdict (a tie both orders) on p4 and p7, where J1 has none either, written in reverse order
    with a pair J1 lacks: the pairs are matched by pair_id, and the -/- cells are agreement."""
    j2 = [(pid, s, lab, ["A=B", "A=B"] if pid in ("p4", "p7") else d, la, lb) for pid, s, lab, d, la, lb in J2]
    extra = ("p9", "mmlu-pro-law", "A>B", ["A>B", "B>A"], 3, 3)
    a = load_judged(write_judged(tmp_path / "a.jsonl", J1))
    b = load_judged(write_judged(tmp_path / "b.jsonl", [extra, *reversed(j2)], judge_model="judge-two"))
    ag = agreement(a, b, iterations=200)
    # J1: A - A - A B - A ; J2: A A B - B B - B (p1..p8)
    assert ag.table == {"A": {"A": 1, "B": 3, "-": 0}, "B": {"A": 0, "B": 1, "-": 0}, "-": {"A": 1, "B": 0, "-": 2}}
    # po = 4/8; marginals J1 (A 4, B 1, - 3), J2 (A 2, B 4, - 2): pe = (8 + 4 + 6) / 64; kappa = 0.21875 / 0.71875
    assert ag.n == 8 and (ag.raw.k, ag.raw.n) == (4, 8) and ag.kappa == 0.304
    back = agreement(b, a, iterations=200)  # the other way round: the same kappa, the table transposed
    assert back.kappa == 0.304 and back.n == 8
    assert back.table == {x: {y: ag.table[y][x] for y in ag.table} for x in ag.table}
    assert (ag.judge_model_a, ag.judge_model_b, back.judge_model_a) == ("judge-one", "judge-two", "judge-two")
    d = ag.to_dict()
    assert d["kappa"] == 0.304 and d["n"] == 8 and d["table"] == ag.table and d["ci95"] == list(ag.ci95)
    assert ag.fmt() == f"0.304 [{ag.ci95[0]:.3f}, {ag.ci95[1]:.3f}]"
    assert all(round(x, 3) == x for x in ag.ci95) and ag.ci95[0] < 0.304 < ag.ci95[1]  # kappa's three digits


def test_files_sharing_no_pair_are_refused_and_one_verdict_everywhere_has_no_kappa(tmp_path):
    from judgebench.errors import InputError

    a = load_judged(write_judged(tmp_path / "a.jsonl", J1[:2]))
    b = load_judged(write_judged(tmp_path / "b.jsonl", J1[2:4]))
    with pytest.raises(InputError, match="no pair_id in common"):
        agreement(a, b, iterations=10)
    same = [(pid, s, lab, ["A>B", "B>A"], la, lb) for pid, s, lab, _, la, lb in J1]
    c = load_judged(write_judged(tmp_path / "c.jsonl", same))
    ag = agreement(c, c, iterations=10)  # every verdict A on both sides: pe = 1, kappa undefined
    assert ag.kappa is None and ag.fmt() == "-" and ag.to_dict()["kappa"] is None and ag.raw.k == 8


def test_one_shared_pair_is_enough_and_the_defaults_are_1000_draws_seed_0(tmp_path):
    from judgebench.analysis.agreement import agreement_files

    a = load_judged(write_judged(tmp_path / "a.jsonl", J1[:3]))
    b = load_judged(write_judged(tmp_path / "b.jsonl", J1[2:5]))
    one = agreement(a, b, iterations=50)
    assert one.n == 1 and one.table["A"]["A"] == 1 and one.kappa is None  # p3: both A; pe = 1
    o1, grm = load_judged(O1_MINI), load_judged(GRM)
    default = agreement(o1, grm)
    assert default.to_dict() == agreement(o1, grm, iterations=1000, seed=0).to_dict()
    assert default.ci95 != agreement(o1, grm, iterations=1000, seed=1).ci95
    assert [x.to_dict() for x in agreement_matrix([o1, grm])] == [default.to_dict()]
    files = agreement_files([str(O1_MINI), str(GRM)])
    assert [x.to_dict() for x in files] == [default.to_dict()]


def test_the_default_is_1000_draws_in_every_entry_point(tmp_path):
    """Seed 3 on J1/J2 is a draw where 999 or 1001 draws move the interval: the default must be 1000."""
    from judgebench.analysis.agreement import agreement_files

    pa, pb = write_judged(tmp_path / "a.jsonl", J1), write_judged(tmp_path / "b.jsonl", J2)
    a, b = load_judged(pa), load_judged(pb)
    want = agreement(a, b, iterations=1000, seed=3).to_dict()
    assert want != agreement(a, b, iterations=999, seed=3).to_dict()
    assert want != agreement(a, b, iterations=1001, seed=3).to_dict()
    assert agreement(a, b, seed=3).to_dict() == want
    assert [x.to_dict() for x in agreement_matrix([a, b], seed=3)] == [want]
    assert [x.to_dict() for x in agreement_files([pa, pb], seed=3)] == [want]


def test_judges_that_never_share_a_verdict_have_kappa_0_and_one_file_is_refused(tmp_path):
    from judgebench.analysis.agreement import agreement_files
    from judgebench.errors import ConfigError

    always_a = [(pid, s, lab, ["A>B", "B>A"], la, lb) for pid, s, lab, _, la, lb in J1]
    always_b = [(pid, s, lab, ["B>A", "A>B"], la, lb) for pid, s, lab, _, la, lb in J1]
    a = load_judged(write_judged(tmp_path / "a.jsonl", always_a))
    b = load_judged(write_judged(tmp_path / "b.jsonl", always_b))
    ag = agreement(a, b, iterations=50)
    assert ag.kappa == 0.0 and ag.raw.k == 0  # po = 0 and pe = 0: no agreement, none expected by chance
    with pytest.raises(ConfigError, match="needs at least 2 files"):
        agreement_files([str(O1_MINI)])
