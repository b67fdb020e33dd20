"""Power loss: the shipped settings lose nothing; without syncing the same harness sees the damage."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from .harness import trials
from .powerloss import run_trial

STEPS = 60


def cuts(folder, count, *, synchronous=None, first_seed=1):
    """Run ``count`` trials with random cut points; half of them with torn and reordered writes."""
    _, used = run_trial(folder, 0, steps=STEPS, cut_at=None, chaos=False, synchronous=synchronous)
    totals: Counter = Counter()
    failures = []
    for seed in range(first_seed, first_seed + count):
        rng = random.Random(seed)
        cut_at = rng.randint(1, int(used * 1.1))
        outcome, _ = run_trial(folder, seed, steps=STEPS, cut_at=cut_at, chaos=seed % 2 == 0, synchronous=synchronous)
        totals["trials"] += 1
        totals["acknowledged commits"] += outcome.acked
        totals["cut during the work"] += cut_at <= used
        totals["corrupt files"] += outcome.corrupt
        totals["acknowledged pairs lost"] += outcome.lost
        totals["half transactions"] += outcome.half
        if outcome.corrupt or outcome.lost or outcome.half:
            failures.append((seed, outcome))
    print(f"power loss, synchronous={synchronous or 'shipped (FULL)'}: {dict(totals)}")
    return totals, failures


def test_shipped_settings_lose_nothing(tmp_path):
    totals, failures = cuts(tmp_path, trials(200))
    assert failures == []
    assert totals["cut during the work"] >= totals["trials"] * 0.8
    assert totals["acknowledged commits"] > totals["trials"] * 10


@pytest.mark.parametrize("synchronous", ["OFF", "NORMAL"])
def test_the_harness_sees_loss_when_writes_are_not_synced(tmp_path, synchronous):
    """The same harness with weaker settings finds lost commits (OFF also corrupt files)."""
    totals, failures = cuts(tmp_path, trials(30), synchronous=synchronous)
    assert failures, "the harness would not notice a lost commit"
    assert totals["acknowledged pairs lost"] > 0
    if synchronous == "OFF":
        assert totals["corrupt files"] + totals["acknowledged pairs lost"] > totals["trials"] / 2
