"""``pressdesk contacts add|list|show|edit|delete``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Collection
from pathlib import Path

from pressdesk.cli.common import open_store, print_json
from pressdesk.domain.contacts import ContactInput, ValueInput
from pressdesk.domain.phones import format_international
from pressdesk.domain.plurals import counted
from pressdesk.services import contacts as service
from pressdesk.services.errors import InvalidInput
from pressdesk.store.contacts import ContactFilter, SortKey


def _value(text: str) -> ValueInput:
    """``work:+993 12 488407`` or plain ``+993...``: an optional label before a colon."""
    label, sep, rest = text.partition("=")
    if sep and label.strip().casefold() in ("work", "mobile", "home", "fax", "other"):
        return ValueInput(rest, label.strip().casefold())
    return ValueInput(text)


def _add_fields(parser: argparse.ArgumentParser, *, editing: bool) -> None:
    parser.add_argument("--name", required=not editing, help="display name")
    parser.add_argument("--given-name")
    parser.add_argument("--family-name")
    parser.add_argument("--honorific", help="Mr., Ms., Dr., H.E. ...")
    parser.add_argument("--org", help="organisation name (created if new)")
    parser.add_argument("--role", help="role or job title")
    parser.add_argument("--country", help="ISO code or country name")
    parser.add_argument("--language", action="append", dest="languages", metavar="LANG")
    parser.add_argument("--notes")
    value_help = "may be given several times; prefix a label as work=, mobile=, home=, fax=, other="
    parser.add_argument("--email", action="append", metavar="E", help=value_help)
    parser.add_argument("--phone", action="append", metavar="P", help=value_help)
    parser.add_argument("--tag", action="append", metavar="T", help="may be given several times")
    if editing:
        parser.add_argument("--add-email", action="append", metavar="E")
        parser.add_argument("--add-phone", action="append", metavar="P")
        parser.add_argument("--add-tag", action="append", metavar="T")
        parser.add_argument("--remove-tag", action="append", metavar="T")
    dnc = parser.add_mutually_exclusive_group()
    dnc.add_argument("--do-not-contact", dest="do_not_contact", action="store_true", default=None)
    dnc.add_argument(
        "--contact-ok", dest="do_not_contact", action="store_false", help="clear do-not-contact"
    )
    parser.add_argument("--json", action="store_true", help="print the contact as JSON")


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    contacts = sub.add_parser("contacts", parents=[parent], help="focal points: add, list, edit")
    c_sub = contacts.add_subparsers(dest="contacts_command", metavar="ACTION", required=True)

    add = c_sub.add_parser("add", parents=[parent], help="add a contact; prints its id")
    _add_fields(add, editing=False)
    add.set_defaults(handler=_add)

    list_ = c_sub.add_parser("list", parents=[parent], help="list contacts")
    list_.add_argument(
        "--search", default="", metavar="Q", help="name, organisation, e-mail, phone..."
    )
    list_.add_argument("--sort", choices=[k.value for k in SortKey], default="name")
    list_.add_argument("--desc", action="store_true", help="sort descending")
    list_.add_argument("--problems", action="store_true", help="only contacts with invalid values")
    list_.add_argument("--tag", help="only contacts with this tag")
    list_.add_argument("--json", action="store_true")
    list_.set_defaults(handler=_list)

    show = c_sub.add_parser("show", parents=[parent], help="show one contact")
    show.add_argument("id", type=int)
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=_show)

    edit = c_sub.add_parser("edit", parents=[parent], help="change a contact")
    edit.add_argument("id", type=int)
    _add_fields(edit, editing=True)
    _add_consent_fields(edit)
    edit.set_defaults(handler=_edit)

    delete = c_sub.add_parser("delete", parents=[parent], help="delete contacts")
    delete.add_argument("ids", type=int, nargs="+", metavar="ID")
    delete.set_defaults(handler=_delete)

    merge = c_sub.add_parser(
        "merge",
        parents=[parent],
        help="merge duplicates into the first ID; prints its id",
        description="Merge contacts into the first ID given (lists and releases keep pointing "
        "to it). Each field takes the first non-empty value in the order given, unless "
        "--take says whose; e-mails, phones and tags are united, notes joined. Final: the "
        "window's merge can be undone, this one cannot.",
    )
    merge.add_argument("ids", type=int, nargs="+", metavar="ID")
    merge.add_argument(
        "--take",
        action="append",
        default=[],
        metavar="FIELD=ID",
        help="whose value a field takes (fields: name, given_name, family_name, honorific, "
        "organization, role, country, languages, notes, do_not_contact; emails, phones, "
        "tags: one ID or 'all'); repeatable",
    )
    merge.add_argument("--json", action="store_true", help="print the merged contact as JSON")
    merge.set_defaults(handler=_merge)
    _register_privacy(c_sub, parent)


def _input_from_args(args: argparse.Namespace, base: ContactInput | None = None) -> ContactInput:
    data = base or ContactInput(name="")
    for attr, arg in [
        ("name", "name"),
        ("given_name", "given_name"),
        ("family_name", "family_name"),
        ("honorific", "honorific"),
        ("organization", "org"),
        ("role", "role"),
        ("country", "country"),
        ("notes", "notes"),
    ]:
        value = getattr(args, arg, None)
        if value is not None:
            setattr(data, attr, value)
    if args.languages is not None:
        data.languages = args.languages
    if args.email is not None:
        data.emails = [_value(e) for e in args.email]
    if args.phone is not None:
        data.phones = [_value(p) for p in args.phone]
    if args.tag is not None:
        data.tags = list(args.tag)
    data.emails += [_value(e) for e in getattr(args, "add_email", None) or []]
    data.phones += [_value(p) for p in getattr(args, "add_phone", None) or []]
    data.tags += [t for t in getattr(args, "add_tag", None) or [] if t not in data.tags]
    removed = set(getattr(args, "remove_tag", None) or [])
    data.tags = [t for t in data.tags if t not in removed]
    if args.do_not_contact is not None:
        data.do_not_contact = args.do_not_contact
    return data


def _problem_keys(contact_dict: dict) -> set[tuple[str, str]]:
    return {(problem["field"], problem["value"]) for problem in contact_dict["invalid"]}


def _report_problems(contact_dict: dict, known: Collection[tuple[str, str]] = ()) -> None:
    """Warn about the invalid values kept, leaving out those `known` from before an edit
    (they were reported when they came in; ``contacts show`` lists them all)."""
    for problem in contact_dict["invalid"]:
        field, value, reason = problem["field"], problem["value"], problem["reason"]
        if (field, value) not in known:
            print(f"warning: {field} {value!r} kept as invalid: {reason}", file=sys.stderr)


def _add(args: argparse.Namespace) -> int:
    with open_store(args).uow() as uow:
        contact = service.create_contact(uow, _input_from_args(args))
        uow.commit()
        data = service.to_dict(contact)
    _report_problems(data)
    if args.json:
        print_json(data)
    else:
        print(data["id"])
    return 0


def _edit(args: argparse.Namespace) -> int:
    with open_store(args).uow() as uow:
        current = service.require(uow, args.id)
        known = _problem_keys(service.to_dict(current))
        data = _input_from_args(args, service.input_from_contact(current))
        contact = service.update_contact(uow, args.id, data)
        _apply_consent(uow, args)
        uow.commit()
        result = service.to_dict(contact)
    _report_problems(result, known)
    if args.json:
        print_json(result)
    return 0


def _list(args: argparse.Namespace) -> int:
    flt = ContactFilter(query=args.search, problems_only=args.problems, tag=args.tag)
    with open_store(args).uow() as uow:
        ids = uow.contacts.search_ids(flt, SortKey(args.sort), args.desc)
        if args.json:
            contacts = service.contact_dicts(uow, ids)
            print_json({"contacts": contacts})
            return 0
        for start in range(0, len(ids), 500):
            for row in uow.contacts.rows(ids[start : start + 500]):
                phone = format_international(row.phone) if row.phone else ""
                flag = " !" if row.problems else ""
                fields = [str(row.id), row.name, row.organization, row.role, row.email, phone]
                print("\t".join(fields) + flag)
    return 0


def _show(args: argparse.Namespace) -> int:
    with open_store(args).uow() as uow:
        data = service.to_dict(service.require(uow, args.id))
    if args.json:
        print_json(data)
        return 0
    print(data["name"])
    for key, title in [
        ("organization", "Organisation"),
        ("role", "Role"),
        ("country_name", "Country"),
    ]:
        if data[key]:
            print(f"  {title}: {data[key]}")
    for email in data["emails"]:
        print(f"  E-mail ({_label(email)}): {email['address']}")
    for phone in data["phones"]:
        extension = f" ext. {phone['extension']}" if phone["extension"] else ""
        print(f"  Tel ({_label(phone)}): {phone['display']}{extension}")
    for problem in data["invalid"]:
        print(f"  ! {problem['field']} {problem['value']!r}: {problem['reason']}")
    if data["tags"]:
        print(f"  Tags: {', '.join(data['tags'])}")
    if data["do_not_contact"]:
        print("  DO NOT CONTACT")
    if data["notes"]:
        print("  Notes: " + data["notes"].replace("\n", "\n         "))
    return 0


def _label(value: dict) -> str:
    return value["label"] + (", primary" if value["primary"] else "")


def _delete(args: argparse.Namespace) -> int:
    with open_store(args).uow() as uow:
        for contact_id in args.ids:
            service.require(uow, contact_id)
        service.delete_contacts(uow, args.ids)
        uow.commit()
    return 0


def _merge(args: argparse.Namespace) -> int:
    from pressdesk.services.merge_contacts import ALL, FIELDS, MergeChoices, merge_contacts

    choices = MergeChoices()
    for take in args.take:
        name, _, whose = (part.strip() for part in take.partition("="))
        name = {"name": "display_name"}.get(name, name)
        united = name in ("emails", "phones", "tags")
        if not united and name not in FIELDS:
            raise InvalidInput(f"--take {take}: no field {name!r} to merge")
        if whose == ALL and (united or name == "notes"):
            value: int | str = ALL
        elif whose.isdigit() and int(whose) in args.ids:
            value = int(whose)
        else:
            raise InvalidInput(f"--take {take}: say whose value by the id of a contact merged")
        if united:
            setattr(choices, name, value)
        else:
            choices.values[name] = value
    with open_store(args).uow() as uow:
        survivor, _snapshots = merge_contacts(uow, args.ids, choices)
        uow.commit()
        data = service.to_dict(survivor)
    if args.json:
        print_json(data)
    else:
        print(data["id"])
    return 0


# Consent and privacy (distribution lists feature): ``edit --consent``, ``erase``,
# ``export-data``, ``retention``.


def _add_consent_fields(parser: argparse.ArgumentParser) -> None:
    from pressdesk.store.models import ConsentStatus, LawfulBasis

    parser.add_argument("--consent", choices=[s.value for s in ConsentStatus])
    parser.add_argument("--lawful-basis", choices=[b.value for b in LawfulBasis])


def _apply_consent(uow, args: argparse.Namespace) -> None:  # type: ignore[no-untyped-def]
    from pressdesk.services import privacy

    if args.consent is None and args.lawful_basis is None:
        return
    status = args.consent or privacy.consent_dict(uow, args.id)["status"]
    privacy.set_consent(uow, args.id, status, lawful_basis=args.lawful_basis)


def _register_privacy(c_sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    erase = c_sub.add_parser(
        "erase", parents=[parent], help="erase a contact's personal data (keeps a hashed tombstone)"
    )
    erase.add_argument("id", type=int)
    erase.add_argument("--json", action="store_true")
    erase.set_defaults(handler=_erase)

    export = c_sub.add_parser(
        "export-data", parents=[parent], help="everything stored about one contact, as JSON"
    )
    export.add_argument("id", type=int)
    export.add_argument("file", nargs="?", type=Path, help="default: standard output")
    export.set_defaults(handler=_export_data)

    retention = c_sub.add_parser(
        "retention", parents=[parent], help="contacts not contacted in the last N months"
    )
    retention.add_argument("--months", type=int, required=True, metavar="N")
    retention.add_argument("--json", action="store_true")
    retention.set_defaults(handler=_retention)


def _erase(args: argparse.Namespace) -> int:
    from pressdesk.services import privacy

    with open_store(args).uow() as uow:
        report = privacy.erase_contact(uow, args.id)
        uow.commit()
    if args.json:
        print_json(report.to_dict())
        return 0
    print(f"erased contact {report.contact_id} ({report.name}):")
    emails = counted(report.emails, "e-mail address", "e-mail addresses")
    phones = counted(report.phones, "phone number")
    print(f"  {emails}, {phones}, name, notes, tags")
    if report.lists:
        print(f"  membership of {counted(len(report.lists), 'list')}: {', '.join(report.lists)}")
    entries = counted(report.send_log_entries, "send log entry", "send log entries")
    print(f"  name and address removed from {entries}")
    hashes = counted(report.tombstones, "salted hash", "salted hashes")
    print(f"  kept: {hashes}, so an import does not bring them back")
    return 0


def _export_data(args: argparse.Namespace) -> int:
    import json

    from pressdesk.services import privacy

    with open_store(args).uow() as uow:
        data = privacy.export_data(uow, args.id)
    if args.file is None:
        print_json(data)
    else:
        args.file.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", "utf-8")
        print(f"data of contact {args.id} written to {args.file}")
    return 0


def _retention(args: argparse.Namespace) -> int:
    from pressdesk.services import privacy

    with open_store(args).uow() as uow:
        rows = privacy.retention(uow, args.months)
    if args.json:
        print_json({"months": args.months, "contacts": [r.to_dict() for r in rows]})
        return 0
    if not rows:
        months = counted(args.months, "month")
        print(
            f"no contact has gone {months} without being contacted "
            "(one never contacted counts from when it was added)"
        )
    for row in rows:
        last = row.last_contacted.date().isoformat() if row.last_contacted else "never"
        print(f"{row.contact_id}\t{row.name}\t{row.email}\tlast contacted: {last}")
    return 0
