"""The ids an import created, kept as runs: membership and order as a set would give."""

from __future__ import annotations

from pressdesk.services.import_contacts import _IdRuns


def test_runs_gaps_and_ids_out_of_order():
    runs = _IdRuns()
    runs.update(range(10, 2010))  # a chunk on SQLite
    runs.update([2011, 2012, 2015])  # PostgreSQL: another session took 2010, 2013, 2014
    runs.update([5, 2013])  # below the last run: kept apart
    created = {*range(10, 2010), 2011, 2012, 2015, 5, 2013}
    for contact_id in range(0, 2020):
        assert (contact_id in runs) == (contact_id in created), contact_id
    assert "10" not in runs
    assert runs.sorted() == sorted(created)
    assert (runs.starts, runs.ends) == ([10, 2011, 2015], [2009, 2012, 2015])
