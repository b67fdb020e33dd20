"""Remembered temporary files: a running writer's are left alone, a killed writer's are removed."""

from __future__ import annotations

import json
import subprocess
import sys

from partnerdesk.persistence import leftovers


def test_a_running_writers_file_stays_and_goes_when_it_is_done(tmp_path):
    partial = tmp_path / ".copy.sqlite.1.partial"
    with leftovers.pending(partial):
        partial.write_bytes(b"half")
        assert leftovers.clean_leftovers() == []  # another start meanwhile: the writer still works
        assert partial.exists()
    assert not partial.exists()
    assert list(leftovers.pending_dir().iterdir()) == []


def test_a_killed_writers_files_are_removed_at_the_next_start(tmp_path):
    partial = tmp_path / ".trip.pdtravel.77.partial"
    script = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from partnerdesk.persistence import leftovers\n"
        "p = Path(sys.argv[1])\n"
        "with leftovers.pending(p):\n"
        "    p.write_bytes(b'half')\n"
        "    Path(str(p) + '-wal').write_bytes(b'log')\n"
        "    os._exit(9)\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(partial)], capture_output=True, text=True)
    assert done.returncode == 9, done.stderr
    assert partial.exists() and (tmp_path / f"{partial.name}-wal").exists()
    assert leftovers.clean_leftovers() == [partial.resolve()]
    assert list(tmp_path.iterdir()) == []
    assert list(leftovers.pending_dir().iterdir()) == []


def test_an_entry_being_written_is_left_alone(tmp_path):
    folder = leftovers.pending_dir()
    folder.mkdir(parents=True)
    (folder / "1-abc.json").write_text("")  # created, its paths not written yet
    victim = tmp_path / "keep.sqlite"
    victim.write_bytes(b"x")
    (folder / "2-def.json").write_text(json.dumps([str(tmp_path / "gone.partial")]))
    assert leftovers.clean_leftovers() == []
    assert (folder / "1-abc.json").exists() and victim.exists()
    assert not (folder / "2-def.json").exists()
