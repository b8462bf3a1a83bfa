"""The demo store behind the README's screenshots: every view has something real to show."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path

import pytest

from pressdesk.formats.release_text import parse_release_text
from pressdesk.services import import_batches
from pressdesk.services import lists as list_service
from pressdesk.services import releases as release_service
from pressdesk.services.lists import Reason
from pressdesk.store import Store

SCRIPT = Path(__file__).parents[2] / "bench" / "make_demo_store.py"
SHARED_SAMPLE = Path("/work/shared/samples/iom-turkmenistan-release-2022-12-09.txt")


def _load_script():
    spec = importlib.util.spec_from_file_location("make_demo_store", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being made
    spec.loader.exec_module(module)
    return module


demo = _load_script()


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    assert demo.main([str(path), "--count", "60"]) == 0
    return path


@pytest.fixture
def store(built):
    opened = Store.open(built)
    yield opened
    opened.close()


def test_releases_in_every_status_and_language(store):
    with store.uow() as uow:
        rows = uow.releases.list_rows()
        assert {row.status for row in rows} == {
            "draft",
            "in review",
            "approved",
            "published",
            "archived",
        }
        assert {row.language for row in rows} == {"en", "ru", "fr"}
        assert 6 <= len(rows) <= 10
        assert uow.releases.count_embargoed(dt.datetime.now(dt.UTC)) == 1
        versioned = [row for row in rows if len(row.languages) > 1]
        assert sorted(row.language for row in versioned) == ["en", "ru"]
        for row in rows:
            doc = release_service.load_release(uow, row.id)
            assert doc.title and doc.paragraphs and doc.sdgs and doc.categories
            assert doc.dateline is not None and doc.dateline.place
            assert doc.contacts, f"{doc.title!r} has no contact block"
            assert all(c.name and c.emails and c.phones for c in doc.contacts)
        embargoed = [release_service.load_release(uow, r.id) for r in rows if r.embargo_utc]
        assert [d.status.value for d in embargoed] == ["approved"]
        assert embargoed[0].embargo.hour == 9
        photos = [release_service.load_release(uow, r.id).photo for r in rows]
        assert any(p is not None and p.data.startswith(b"\xff\xd8") for p in photos)


def test_the_iom_release_is_held_as_written(store):
    if SHARED_SAMPLE.exists():
        assert SHARED_SAMPLE.read_text(encoding="utf-8") == demo.IOM_RELEASE
    expected = parse_release_text(demo.IOM_RELEASE).release
    with store.uow() as uow:
        [row] = [
            r for r in uow.releases.list_rows() if r.title.startswith("Sub-Regional Coordinator")
        ]
        doc = release_service.load_release(uow, row.id)
        assert row.status == "published"
    assert doc.title == expected.title
    assert doc.paragraphs == expected.paragraphs
    assert doc.categories == ["News", "Local"] == expected.categories
    assert doc.caption == expected.caption
    assert doc.dateline == expected.dateline
    assert doc.dateline.format("en") == "Ashgabat – On December 9, 2022,"
    assert (doc.separator, doc.closing_phrase) == (expected.separator, expected.closing_phrase)
    assert doc.sdgs == [10, 13, 17]
    [person] = doc.contacts
    assert (person.name, person.title) == ("Dovlet Chariyev", "IOM Communication Focal Point")
    assert (person.emails, person.phones) == (["dchariyev@iom.int"], ["+99312488407"])


def test_lists_have_members_and_say_who_is_left_out(store):
    with store.uow() as uow:
        names = {item["name"]: item for item in list_service.summary(uow)}
        assert set(names) == {
            "Central Asia media",
            "Do not send",
            "Turkmenistan press corps",
            "UN communication group",
        }
        media = list_service.resolve(uow, ["Central Asia media"])
        assert names["Central Asia media"]["filter"] == "tag:media country:KZ,KG,TJ,TM,UZ has:email"
        assert names["Central Asia media"]["exclude"] == ["Do not send"]
        assert media.recipients
        reasons = {e.reason for e in media.excluded}
        assert {Reason.EXCLUDED_BY_LIST, Reason.CONSENT_WITHDRAWN} <= reasons
        refused = {r.contact_id for r in list_service.resolve(uow, ["Do not send"]).recipients}
        assert refused and not refused & {r.contact_id for r in media.recipients}
        corps = list_service.resolve(uow, ["Turkmenistan press corps"])
        assert names["Turkmenistan press corps"]["static_members"] >= 2
        assert corps.recipients and not names["Turkmenistan press corps"]["filter"]
        assert list_service.resolve(uow, ["UN communication group"]).recipients


def test_import_history_has_an_import_with_rows_to_look_at(store):
    with store.uow() as uow:
        [batch] = import_batches.list_batches(uow)
    assert batch.file_name == "press-club-almaty.csv"
    assert batch.counts["created"] and batch.counts["merged"] and batch.counts["invalid"]


def test_same_seed_same_store_and_a_second_run_adds_contacts_only(tmp_path, built):
    again = tmp_path / "again.sqlite3"
    demo.main([str(again), "--count", "60"])

    def facts(path):
        opened = Store.open(path)
        try:
            with opened.uow() as uow:
                people = sorted(
                    (c.display_name, c.primary_email) for c in uow.contacts.get_many(range(1, 200))
                )
                titles = [r.title for r in uow.releases.list_rows()]
                members = {
                    lst.name: sorted(uow.lists.member_ids(lst.id)) for lst in uow.lists.all()
                }
            return people, titles, members
        finally:
            opened.close()

    assert facts(again) == facts(built)
    demo.main([str(again), "--count", "10"])
    opened = Store.open(again)
    with opened.uow() as uow:
        assert uow.contacts.count() == len(facts(built)[0]) + 10
        assert uow.releases.count() == 9
        assert len(uow.lists.all()) == 4
    opened.close()
