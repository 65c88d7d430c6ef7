"""The benchmark's generator still makes what it promises, so the benchmark cannot silently rot.

Only the generator at a tiny size: speed targets live in bench/ and docs/performance.md, never
in the unit tests.
"""

from __future__ import annotations

from bench.generate import SIZES, build, informant_turns
from bikva.documents.status import report_gaps, study_status
from bikva.protection.guard import ensure_no_open_hits
from bikva.store.evaluation import open_evaluation


def test_generated_evaluation_opens_with_its_transcripts_turns_and_a_ready_report(tmp_path):
    size = SIZES["tiny"]
    folder = tmp_path / "study"

    build(size, folder)  # raises if any transcript imported with a warning

    assert informant_turns(folder) == (size.total_transcripts, size.total_informant_turns)
    with open_evaluation(folder) as (session, ev):
        status = study_status(session, ev)
        assert status.report_ready
        assert sum(r.statements + r.advice for r in status.rounds) == size.quotes
        assert report_gaps(session, ev) == []
        ensure_no_open_hits(session, ev, register=True)  # the guard passes the whole report
