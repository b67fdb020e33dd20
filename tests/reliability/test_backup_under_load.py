"""A backup is consistent while another process writes continuously: 20 of 20 pass.

The writer (``pair_writer.py``, shared with ``bench/backup_under_load_bench.py``) commits
PAIRS of organisations ("pair-N-a", "pair-N-b") in one transaction each, through the
product's ``open_database`` and ``Database.write``; every backup must pass
``integrity_check`` and contain no pair with one half missing.
"""

from __future__ import annotations

import time
from collections import Counter

from partnerdesk.persistence.backup import backup_database
from partnerdesk.persistence.database import create_database

from .harness import check_whole, trials
from .pair_writer import start_writer


def test_backups_under_continuous_writes_are_whole(tmp_path):
    path = tmp_path / "busy.sqlite"
    create_database(path).close()
    writer = start_writer(path)
    pairs_seen = []
    try:
        for n in range(trials(20)):
            copy = backup_database(path, tmp_path / f"copy-{n}.sqlite")
            conn = check_whole(copy)
            halves = Counter(name.rsplit("-", 1)[0] for (name,) in conn.execute("SELECT name FROM organisations"))
            conn.close()
            assert all(count == 2 for count in halves.values()), "a backup holds half a transaction"
            pairs_seen.append(len(halves))
            time.sleep(0.02)
    finally:
        writer.kill()
        writer.wait()
    assert pairs_seen == sorted(pairs_seen) and pairs_seen[-1] > pairs_seen[0], "the writer was not writing"
    print(f"backup under load: {len(pairs_seen)} backups, {pairs_seen[0]}..{pairs_seen[-1]} pairs, all whole")
