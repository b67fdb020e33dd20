"""The detail forms on a huge database: opening a project, and what the reference pickers cost.

    python bench/form_bench.py [--runs 5] [--projects 100000] [--activities 500000]

Uses the database of ``window_bench.py`` (generated once, cached in the temp folder) and
measures, each run in its own process, offscreen:

* building the editor panel (done once as the window starts; each form is built when a
  record of its register is first shown);
* opening a project in its form (``show_record``) and then an activity in its form, the
  first time (which builds that form); refreshing the open form as F5 or the window regaining focus does after a
  change elsewhere; opening the project again after that;
* against a baseline measured in the same process: reading that project through the
  service (``ProjectService.get``), which every form open does anyway;
* the peak memory of the process (VmHWM) against the same process before the panel;
* one picker search ("kumasi" in the participants' organisation picker, "vorhaben 4711"
  in an activity's project picker) as the debounce timer runs it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

CHILD = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path

    def hwm_mb():
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    import partnerdesk.ui
    from PySide6.QtWidgets import QApplication
    from partnerdesk.persistence.database import open_database
    from partnerdesk.services.records import ProjectService, ActivityService
    from partnerdesk.ui.editing import RecordEditorPanel

    app = QApplication(sys.argv[:1])
    db = open_database(Path(sys.argv[1]), quick_check=False)
    service = ProjectService(db)
    with db.read() as session:
        from sqlalchemy import select
        from partnerdesk.persistence.tables import ProjectRow, ActivityRow
        project_id = session.scalar(select(ProjectRow.id).order_by(ProjectRow.id).offset(4711).limit(1))
        activity_id = session.scalar(select(ActivityRow.id).where(ActivityRow.project_id.is_not(None)).limit(1))
    service.get(project_id)  # warm the file cache and SQLAlchemy's first-use compilation,
    ActivityService(db).get(activity_id)  # which is no cost of the forms
    started = time.perf_counter(); service.get(project_id); baseline = time.perf_counter() - started
    before_mb = hwm_mb()
    started = time.perf_counter()
    panel = RecordEditorPanel(db)
    panel.resize(700, 900)
    panel.show()
    app.processEvents()
    build = time.perf_counter() - started
    started = time.perf_counter()
    panel.show_record("projects", project_id)
    app.processEvents()
    first_open = time.perf_counter() - started
    started = time.perf_counter()
    panel.show_record("activities", activity_id)
    app.processEvents()
    activity_open = time.perf_counter() - started
    for _ in range(3):
        app.processEvents()  # let the activity form finish its layout, so the refresh is timed alone
    refreshes = []
    for _ in range(3):
        started = time.perf_counter()
        panel.on_records_changed(None)   # F5, or the window regaining focus after a change elsewhere
        app.processEvents()
        refreshes.append(time.perf_counter() - started)
    refresh = refreshes[0]
    refresh_again = sorted(refreshes[1:])[0]
    panel.show_nothing()
    started = time.perf_counter()
    panel.show_record("projects", project_id)
    app.processEvents()
    reopen = time.perf_counter() - started
    searches = {}
    participants = panel.form.fields["participants"].widget
    row = participants.rows[0] if participants.rows else participants.add_row()
    picker = row.organisation
    if hasattr(picker, "run_search"):
        started = time.perf_counter(); picker.run_search("kumasi"); searches["organisations 'kumasi'"] = time.perf_counter() - started
        panel.show_record("activities", activity_id)
        project_picker = panel.form.fields["project_id"].widget
        started = time.perf_counter(); project_picker.run_search("vorhaben 4711"); searches["projects 'vorhaben 4711'"] = time.perf_counter() - started
        started = time.perf_counter(); project_picker.run_search("wasser"); searches["projects 'wasser'"] = time.perf_counter() - started
    print("RESULT " + json.dumps({
        "baseline": baseline, "build": build, "first_open": first_open, "activity_open": activity_open, "refresh": refresh, "refresh_again": refresh_again, "reopen": reopen,
        "before_mb": before_mb, "peak_mb": hwm_mb(), "searches": searches,
    }), flush=True)
    panel.close()
    db.close()
    """
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--activities", type=int, default=500_000)
    args = parser.parse_args(argv)
    from window_bench import database

    path = database(args.projects, args.activities)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT / "src"))
    results = []
    for _ in range(args.runs + 1):  # the first run warms the file cache and is not counted
        out = subprocess.run([sys.executable, "-c", CHILD, str(path)], env=env, cwd=ROOT, capture_output=True, text=True, check=False)
        if out.returncode != 0:
            raise RuntimeError(out.stderr[-3000:])
        results.append(json.loads(next(line for line in out.stdout.splitlines() if line.startswith("RESULT "))[7:]))
    results = results[1:]

    def med(key: str) -> float:
        return statistics.median(r[key] for r in results)

    base = med("baseline")
    print(f"\nDatabase: {args.projects:,} projects, {args.activities:,} activities ({path.name}); median of {args.runs} runs")
    print(f"Baseline ProjectService.get of one project: {base * 1000:.1f} ms")
    print(f"Editor panel built (its forms follow on first use): {med('build') * 1000:.0f} ms")
    for key, label in (
        ("first_open", "Project form opened (first time)"),
        ("activity_open", "Activity form opened (first time; picks a project)"),
        ("refresh", "Refresh of the open activity form (F5 / focus after a change elsewhere), first"),
        ("refresh_again", "The same refresh again"),
        ("reopen", "Project form opened again after that refresh"),
    ):
        print(f"{label}: {med(key) * 1000:.1f} ms = {med(key) / base:.1f}x the bare service read")
    print(f"Peak memory: {med('peak_mb'):.0f} MB (process before the panel: {med('before_mb'):.0f} MB, "
          f"+{med('peak_mb') - med('before_mb'):.0f} MB for the panel)")
    for name in results[0]["searches"]:
        values = [r["searches"][name] for r in results]
        print(f"Picker search {name}: {statistics.median(values) * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
