"""Undoing an import: created contacts go, merged ones return to their exact snapshot,
and an undo that would lose someone's later edit is refused without changing anything."""

from __future__ import annotations

import csv
import io

import pytest

from pressdesk.domain.contacts import ContactInput, ValueInput
from pressdesk.services import contacts as contact_service
from pressdesk.services import import_batches
from pressdesk.services import import_contacts as service
from pressdesk.services import organizations as organization_service
from pressdesk.services.errors import ConflictError, InvalidInput, NotFound
from pressdesk.store.models import ImportBatch

from .import_samples import add_contact, contact, dump_sqlite, samples, write_csv

#: Tables an undo must leave exactly as they were before the import.
CONTACT_TABLES = (
    "contacts",
    "contact_emails",
    "contact_phones",
    "contact_tags",
    "tags",
    "organizations",
    "contacts_fts",
)


def _contact_tables(db_path):
    """The contact tables, e-mail and phone rows without their own row id (a restore
    writes them anew; nothing refers to those ids)."""
    dump = dump_sqlite(db_path)
    tables = {name: dump[name] for name in CONTACT_TABLES}
    for name in ("contact_emails", "contact_phones"):
        tables[name] = sorted((row[1:] for row in tables[name]), key=repr)
    return tables


def _undo(store, batch):
    with store.uow() as uow:
        done = import_batches.undo_import(uow, batch)
        uow.commit()
    return done


def _snapshot(store, contact_id):
    with store.uow() as uow:
        return contact_service.snapshot(contact_service.require(uow, contact_id))


HEADER = ["Name", "Organization", "Role", "Email", "Phone", "Tags"]


def _table(tmp_path, *rows, name="u.csv"):
    return write_csv(tmp_path / name, [HEADER, *rows])


@pytest.fixture
def stored(store):
    """A contact typed in before the import, with everything a merge could touch."""
    return add_contact(
        store,
        "Dovlet Chariyev",
        organization="IOM",
        emails=["dchariyev@iom.int"],
        phones=["+993 12 48-84-07"],
        tags=["UN"],
        notes="Met at COP27",
        do_not_contact=True,
    )


def test_undo_removes_created_and_reverts_merged_exactly(store, stored, tmp_path, db_path):
    before_tables = _contact_tables(db_path)
    before = _snapshot(store, stored)
    before_dict = contact(store, stored)
    path = _table(
        tmp_path,
        ["Dovlet Chariyev", "UNDP", "Officer", "DCHARIYEV@iom.int; dovlet@example.tm", "", "media"],
        ["Aigul Berdyyeva", "UNDP", "Press Officer", "aigul@undp.org", "+993 65 123456", "Press"],
        ["Merdan Annayev", "TDH", "", "merdan@example.tm", "", "Press"],
    )
    result = service.import_contacts(store, path)
    assert (result.created, result.merged) == (2, 1)
    merged = contact(store, stored)
    assert merged["role"] == "Officer" and "media" in merged["tags"]
    with store.uow() as uow:
        ids = sorted(import_batches.batch_contact_ids(uow, result.batch))
    created = sorted(line.contact_id for line in result.report if line.status == "created")
    assert ids == sorted([stored, *created])

    assert _undo(store, result.batch) == {"removed": 2, "reverted": 1}

    assert _snapshot(store, stored) == before
    after_dict = contact(store, stored)
    for volatile in ("version", "updated_at"):
        after_dict.pop(volatile), before_dict.pop(volatile)
    assert after_dict == before_dict
    with store.uow() as uow:
        assert uow.contacts.count() == 1
        assert [t for t, _ in uow.tags.counts()] == ["UN"]  # "media", "Press" pruned
        assert uow.contacts.search_ids("Berdyyeva") == []
        assert uow.contacts.search_ids("Officer") == []
        assert uow.contacts.search_ids("Chariyev") == [stored]
    after_tables = _contact_tables(db_path)
    # The stored contact's row differs only in its version and update time.
    assert {k: v for k, v in after_tables.items() if k != "contacts"} == {
        k: v for k, v in before_tables.items() if k != "contacts"
    }
    assert len(after_tables["contacts"]) == len(before_tables["contacts"]) == 1


def _organizations(store):
    with store.uow() as uow:
        return {org.name: count for org, count in uow.organizations.list_with_counts()}


def test_undo_removes_the_organisations_it_created(store, tmp_path, db_path):
    """Both ways an import makes an organisation: in bulk for the contacts it creates, and
    through the ORM when a merge fills a stored contact's empty organisation."""
    stored = add_contact(store, "Dovlet Chariyev", emails=["dchariyev@iom.int"])
    before_tables = _contact_tables(db_path)
    path = _table(
        tmp_path,
        ["Aigul Berdyyeva", "UNDP", "", "aigul@undp.org", "", "Press"],
        ["Dovlet Chariyev", "OSCE", "", "dchariyev@iom.int", "", ""],
        ["Merdan Annayev", "OSCE", "", "merdan@example.tm", "", ""],
        ["Jamila Orazova", "undp", "", "jamila@undp.org", "", ""],
    )
    result = service.import_contacts(store, path)
    assert (result.created, result.merged) == (3, 1)
    assert _organizations(store) == {"OSCE": 2, "UNDP": 2}
    assert _undo(store, result.batch) == {"removed": 3, "reverted": 1}
    assert _organizations(store) == {}
    after_tables = _contact_tables(db_path)
    assert {k: v for k, v in after_tables.items() if k != "contacts"} == {
        k: v for k, v in before_tables.items() if k != "contacts"
    }
    assert contact(store, stored)["organization"] == ""


def test_undo_keeps_organisations_it_did_not_create(store, tmp_path):
    """An organisation that was there before the import stays, even empty: one whose
    last contact was deleted, linked by a created contact and by a merge."""
    gone = add_contact(store, "Left UNICEF", organization="UNICEF")
    add_contact(store, "Left OSCE", organization="OSCE")
    stored = add_contact(store, "Dovlet Chariyev", emails=["dchariyev@iom.int"])
    with store.uow() as uow:
        contact_service.delete_contacts(uow, [gone])
        uow.commit()
    before = _organizations(store)
    assert before == {"OSCE": 1, "UNICEF": 0}
    path = _table(
        tmp_path,
        ["Aigul Berdyyeva", "Unicef", "", "aigul@unicef.org", "", ""],
        ["Dovlet Chariyev", "OSCE", "", "dchariyev@iom.int", "", ""],
    )
    result = service.import_contacts(store, path)
    assert _organizations(store) == {"OSCE": 2, "UNICEF": 1}
    _undo(store, result.batch)
    assert _organizations(store) == before
    assert contact(store, stored)["organization"] == ""

    # Merges only: the merge links the stored contact to an empty organisation of before.
    with store.uow() as uow:
        contact_service.delete_contacts(uow, [uow.contacts.search_ids("Left OSCE")[0]])
        uow.commit()
    merges = service.import_contacts(
        store, _table(tmp_path, ["Dovlet Chariyev", "OSCE", "", "dchariyev@iom.int", "", ""])
    )
    assert (merges.created, merges.merged) == (0, 1)
    _undo(store, merges.batch)
    assert _organizations(store) == {"OSCE": 0, "UNICEF": 0}


def test_undo_keeps_created_organisations_in_use_or_edited_since(store, tmp_path):
    """An organisation the import made stays when someone joined it since, or when it was
    renamed since (its contact deleted first: a rename edits the contacts); a tag the
    import made stays while a contact outside it carries it."""
    result = service.import_contacts(
        store,
        _table(
            tmp_path,
            ["Aigul Berdyyeva", "UNDP", "", "aigul@undp.org", "", "Press"],
            ["Merdan Annayev", "TDH", "", "merdan@example.tm", "", ""],
            ["Jamila Orazova", "OSCE", "", "jamila@osce.org", "", ""],
        ),
    )
    add_contact(store, "Typed Later", organization="UNDP", tags=["Press"])
    with store.uow() as uow:
        contact_service.delete_contacts(uow, uow.contacts.search_ids("Merdan"))
        tdh = uow.organizations.by_name("TDH")
        assert tdh is not None
        organization_service.rename_organization(uow, tdh.id, "Terre des hommes")
        uow.commit()
    _undo(store, result.batch)
    assert _organizations(store) == {"UNDP": 1, "Terre des hommes": 0}
    with store.uow() as uow:
        assert uow.tags.counts() == [("Press", 1)]


def test_undo_in_reverse_order_leaves_no_organisation(store, tmp_path):
    first = service.import_contacts(
        store, _table(tmp_path, ["Aigul Berdyyeva", "UNDP", "", "aigul@undp.org", "", ""])
    )
    second = service.import_contacts(
        store,
        _table(
            tmp_path,
            ["Jamila Orazova", "UNDP", "", "jamila@undp.org", "", ""],
            ["Merdan Annayev", "TDH", "", "merdan@example.tm", "", ""],
            name="2.csv",
        ),
    )
    assert _organizations(store) == {"TDH": 1, "UNDP": 2}
    _undo(store, second.batch)
    assert _organizations(store) == {"UNDP": 1}
    _undo(store, first.batch)
    assert _organizations(store) == {}


def test_undo_refused_after_an_edit_and_nothing_changes(store, stored, tmp_path, db_path):
    path = _table(
        tmp_path,
        ["Dovlet Chariyev", "", "Officer", "dchariyev@iom.int", "", ""],
        ["Aigul Berdyyeva", "UNDP", "", "aigul@undp.org", "", ""],
    )
    result = service.import_contacts(store, path)
    aigul = next(line.contact_id for line in result.report if line.status == "created")
    with store.uow() as uow:
        data = contact_service.input_from_contact(contact_service.require(uow, aigul))
        data.role = "Spokesperson"
        contact_service.update_contact(uow, aigul, data)
        uow.commit()
    before = dump_sqlite(db_path)
    with pytest.raises(ConflictError) as refused:
        _undo(store, result.batch)
    message = str(refused.value)
    assert f"import {result.batch} cannot be undone" in message
    assert "1 of its contacts was edited since" in message
    assert f"#{aigul}" in message
    assert dump_sqlite(db_path) == before
    with store.uow() as uow:
        [summary] = import_batches.list_batches(uow)
    assert summary.undone is False


def test_undo_refused_when_a_merged_contact_was_edited(store, stored, tmp_path):
    result = service.import_contacts(
        store, _table(tmp_path, ["Dovlet Chariyev", "", "Officer", "dchariyev@iom.int", "", ""])
    )
    with store.uow() as uow:
        data = contact_service.input_from_contact(contact_service.require(uow, stored))
        data.phones.append(ValueInput("+993 65 000000", "mobile"))
        contact_service.update_contact(uow, stored, data)
        uow.commit()
    with pytest.raises(ConflictError, match=f"#{stored}"):
        _undo(store, result.batch)
    assert contact(store, stored)["role"] == "Officer"


def test_double_undo_and_unknown_batch_are_refused(store, tmp_path):
    result = service.import_contacts(store, samples.write_vcard21(tmp_path))
    _undo(store, result.batch)
    with pytest.raises(InvalidInput, match="already undone"):
        _undo(store, result.batch)
    with pytest.raises(NotFound, match="no import batch 99"):
        _undo(store, 99)


def test_later_import_must_be_undone_first(store, tmp_path):
    first = service.import_contacts(
        store, _table(tmp_path, ["Aigul Berdyyeva", "UNDP", "", "aigul@undp.org", "", ""])
    )
    second = service.import_contacts(
        store,
        _table(
            tmp_path, ["A. Berdyyeva", "", "Press Officer", "aigul@undp.org", "", ""], name="2.csv"
        ),
    )
    assert second.merged == 1
    with pytest.raises(ConflictError):
        _undo(store, first.batch)
    assert _undo(store, second.batch) == {"removed": 0, "reverted": 1}
    assert _undo(store, first.batch) == {"removed": 1, "reverted": 0}
    with store.uow() as uow:
        assert uow.contacts.count() == 0


def test_history_and_stored_report(store, tmp_path):
    first = service.import_contacts(store, samples.write_title_rows_csv(tmp_path))
    second = service.import_contacts(store, samples.write_outlook_de(tmp_path))
    _undo(store, first.batch)
    with store.uow() as uow:
        batches = import_batches.list_batches(uow)
        text = import_batches.batch_report(uow, first.batch)
        with pytest.raises(NotFound):
            import_batches.batch_report(uow, 42)
    assert [(b.id, b.file_name, b.format, b.undone) for b in batches] == [
        (second.batch, "outlook_de.csv", "csv", False),
        (first.batch, "title_rows.csv", "csv", True),
    ]
    assert batches[1].counts == {k: v for k, v in first.counts().items() if k != "batch"}
    assert text == service.report_csv(first.report)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["row"], r["status"]) for r in rows] == [
        ("5", "created"),
        ("9", "invalid"),
        ("9", "invalid"),
        ("9", "created"),
    ]


def test_undo_keeps_contacts_that_were_there_before(store, tmp_path):
    """Undo removes exactly what the import created, even with ids allocated in bulk."""
    keep = add_contact(store, "Gülälek Öwezowa", emails=["gulalek@example.tm"])
    result = service.import_contacts(store, samples.write_officer_xlsx(tmp_path))
    _undo(store, result.batch)
    with store.uow() as uow:
        assert contact_service.all_contact_ids(uow) == [keep]
        contact_service.create_contact(uow, ContactInput(name="After undo"))
        uow.commit()
        assert uow.contacts.count() == 2


@pytest.mark.postgres
def test_import_and_undo_on_postgres(pg_store, tmp_path):
    stored = add_contact(pg_store, "Dovlet Chariyev", emails=["dchariyev@iom.int"], tags=["UN"])
    before = _snapshot(pg_store, stored)
    result = service.import_contacts(pg_store, samples.write_officer_xlsx(tmp_path))
    assert (result.created, result.merged) == (3, 1)
    created = [line.contact_id for line in result.report if line.status == "created"]
    with pg_store.uow() as uow:
        data = contact_service.input_from_contact(contact_service.require(uow, created[0]))
        data.role = "Edited by hand"
        contact_service.update_contact(uow, created[0], data)
        uow.commit()
    with pytest.raises(ConflictError, match=f"#{created[0]}"):
        _undo(pg_store, result.batch)
    with pg_store.uow() as uow:
        assert uow.contacts.count() == 4
    # Put the edit back out of the way: a later import's undo still restores exactly.
    merged_state = _snapshot(pg_store, stored)
    path = write_csv(
        tmp_path / "p.csv",
        [
            ["Name", "Role", "Email", "Tags"],
            ["Dovlet Chariyev", "", "dchariyev@iom.int; d@example.tm", "x"],
        ],
    )
    later = service.import_contacts(pg_store, path)
    assert later.merged == 1
    assert len(_snapshot(pg_store, stored)["emails"]) == len(merged_state["emails"]) + 1
    assert _undo(pg_store, later.batch) == {"removed": 0, "reverted": 1}
    assert _snapshot(pg_store, stored) == merged_state
    assert before["emails"] == merged_state["emails"][:1]
    with pg_store.uow() as uow:
        assert "x" not in [name for name, _ in uow.tags.counts()]


@pytest.mark.postgres
def test_undo_removes_created_organisations_on_postgres(pg_store, tmp_path):
    stored = add_contact(pg_store, "Dovlet Chariyev", emails=["dchariyev@iom.int"])
    add_contact(pg_store, "Kept", organization="IOM")
    path = _table(
        tmp_path,
        ["Aigul Berdyyeva", "UNDP", "", "aigul@undp.org", "", ""],
        ["Dovlet Chariyev", "OSCE", "", "dchariyev@iom.int", "", ""],
        ["Merdan Annayev", "IOM", "", "merdan@example.tm", "", ""],
    )
    result = service.import_contacts(pg_store, path)
    assert _organizations(pg_store) == {"IOM": 2, "OSCE": 1, "UNDP": 1}
    _undo(pg_store, result.batch)
    assert _organizations(pg_store) == {"IOM": 1}
    assert contact(pg_store, stored)["organization"] == ""


def _stored_for_merges(store):
    """A stored contact with no organisation, one to be linked to an empty organisation
    of before."""
    dovlet = add_contact(store, "Dovlet Chariyev", emails=["dchariyev@iom.int"])
    aigul = add_contact(store, "Aigul Berdyyeva", emails=["aigul@undp.org"])
    gone = add_contact(store, "Left UNICEF", organization="UNICEF")
    with store.uow() as uow:
        contact_service.delete_contacts(uow, [gone])
        uow.commit()
    return dovlet, aigul


def _import_merges(store, tmp_path):
    """An import that only merges: one new organisation, one reused."""
    path = _table(
        tmp_path,
        ["Dovlet Chariyev", "OSCE", "", "dchariyev@iom.int", "", ""],
        ["Aigul Berdyyeva", "Unicef", "", "aigul@undp.org", "", ""],
        name="m.csv",
    )
    result = service.import_contacts(store, path)
    assert (result.created, result.merged) == (0, 2)
    assert _organizations(store) == {"OSCE": 1, "UNICEF": 1}
    return result


def test_undo_of_merges_only_removes_the_organisations_they_created(store, tmp_path, db_path):
    """A batch that created no contact still lists the organisation its merge made, and
    undo removes it; the organisation that was there before stays, empty again."""
    dovlet, aigul = _stored_for_merges(store)
    before_tables = _contact_tables(db_path)
    result = _import_merges(store, tmp_path)
    with store.uow() as uow:
        osce = uow.organizations.by_name("OSCE")
        assert osce is not None
        batch = uow.session.get(ImportBatch, result.batch)
        assert batch is not None
        assert batch.options["created_organizations"] == [osce.id]
    assert _undo(store, result.batch) == {"removed": 0, "reverted": 2}
    assert _organizations(store) == {"UNICEF": 0}
    assert contact(store, dovlet)["organization"] == contact(store, aigul)["organization"] == ""
    after_tables = _contact_tables(db_path)
    assert {k: v for k, v in after_tables.items() if k != "contacts"} == {
        k: v for k, v in before_tables.items() if k != "contacts"
    }


def test_undo_lists_both_ways_of_creating_an_organisation(store, tmp_path):
    """Created in bulk for a new contact and through a merge, both listed once; one that
    a contact outside the import joined since stays."""
    stored = add_contact(store, "Dovlet Chariyev", emails=["dchariyev@iom.int"])
    result = service.import_contacts(
        store,
        _table(
            tmp_path,
            ["Aigul Berdyyeva", "UNDP", "", "aigul@undp.org", "", ""],
            ["Dovlet Chariyev", "OSCE", "", "dchariyev@iom.int", "", ""],
            ["Merdan Annayev", "TDH", "", "merdan@example.tm", "", ""],
            ["Jamila Orazova", "OSCE", "", "jamila@osce.org", "", ""],
        ),
    )
    with store.uow() as uow:
        batch = uow.session.get(ImportBatch, result.batch)
        assert batch is not None
        ids = {name: uow.organizations.by_name(name).id for name in ("UNDP", "OSCE", "TDH")}
        assert batch.options["created_organizations"] == sorted(ids.values())
    add_contact(store, "Typed Later", organization="TDH")
    _undo(store, result.batch)
    assert _organizations(store) == {"TDH": 1}
    assert contact(store, stored)["organization"] == ""


def test_undo_of_a_batch_recorded_before_the_list(store, tmp_path):
    """A batch stored without ``created_organizations`` is undone as before: the
    organisations of its created contacts by time, a merge's organisation left."""
    dovlet, _aigul = _stored_for_merges(store)
    result = _import_merges(store, tmp_path)
    created = service.import_contacts(
        store, _table(tmp_path, ["Merdan Annayev", "TDH", "", "merdan@example.tm", "", ""])
    )
    with store.uow() as uow:
        for batch_id in (result.batch, created.batch):
            batch = uow.session.get(ImportBatch, batch_id)
            assert batch is not None
            batch.options = {k: v for k, v in batch.options.items() if k != "created_organizations"}
        uow.commit()
    _undo(store, created.batch)
    assert _organizations(store) == {"OSCE": 1, "UNICEF": 1}
    _undo(store, result.batch)
    assert _organizations(store) == {"OSCE": 0, "UNICEF": 0}
    assert contact(store, dovlet)["organization"] == ""


@pytest.mark.postgres
def test_undo_of_merges_only_removes_their_organisations_on_postgres(pg_store, tmp_path):
    dovlet, aigul = _stored_for_merges(pg_store)
    result = _import_merges(pg_store, tmp_path)
    mixed = service.import_contacts(
        pg_store,
        _table(
            tmp_path,
            ["Merdan Annayev", "TDH", "", "merdan@example.tm", "", ""],
            ["Dovlet Chariyev", "Red Crescent", "Editor", "dchariyev@iom.int", "", ""],
            name="2.csv",
        ),
    )
    assert (mixed.created, mixed.merged) == (1, 1)
    assert _organizations(pg_store) == {"OSCE": 1, "TDH": 1, "UNICEF": 1}
    assert _undo(pg_store, mixed.batch) == {"removed": 1, "reverted": 1}
    assert _organizations(pg_store) == {"OSCE": 1, "UNICEF": 1}
    assert _undo(pg_store, result.batch) == {"removed": 0, "reverted": 2}
    assert _organizations(pg_store) == {"UNICEF": 0}
    assert (
        contact(pg_store, dovlet)["organization"] == contact(pg_store, aigul)["organization"] == ""
    )
