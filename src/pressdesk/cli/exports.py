"""``pressdesk export contacts FILE`` (and the other exports, by feature)."""

from __future__ import annotations

import argparse
from pathlib import Path

from pressdesk.cli.common import open_store
from pressdesk.domain.plurals import counted
from pressdesk.services import contacts as service
from pressdesk.services.errors import InvalidInput
from pressdesk.store.contacts import ContactFilter

CONTACT_FORMATS = (".json", ".csv", ".xlsx", ".vcf")


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    export = sub.add_parser("export", parents=[parent], help="export contacts or a release")
    e_sub = export.add_subparsers(dest="export_command", metavar="WHAT", required=True)
    contacts = e_sub.add_parser(
        "contacts", parents=[parent], help="contacts to .json, .csv, .xlsx or .vcf (by extension)"
    )
    contacts.add_argument("file", type=Path)
    contacts.add_argument("--search", default="", metavar="Q", help="only contacts matching Q")
    contacts.add_argument("--vcard-version", choices=["3.0", "4.0"], default="4.0")
    contacts.set_defaults(handler=_contacts)
    release = e_sub.add_parser(
        "release",
        parents=[parent],
        help="a release to .txt, .md, .html, .docx, .pdf or .eml (by extension)",
    )
    release.add_argument("id", type=int)
    release.add_argument("file", type=Path)
    release.add_argument("--language", metavar="xx", help="export this language version")
    release.add_argument("--from", dest="sender", metavar="ADDRESS", help="From of an .eml")
    release.set_defaults(handler=_release)


def _contacts(args: argparse.Namespace) -> int:
    suffix = args.file.suffix.lower()
    if suffix not in CONTACT_FORMATS:
        raise InvalidInput(
            f"cannot tell the format of {args.file.name!r}: use one of {', '.join(CONTACT_FORMATS)}"
        )
    from pressdesk.formats.contacts_export import write_contacts

    with open_store(args).uow() as uow:
        ids = uow.contacts.search_ids(ContactFilter(query=args.search))
        contacts = service.contact_dicts(uow, ids)
    if suffix == ".vcf":
        # write_contacts takes no vCard version; the vCard writer does.
        from pressdesk.formats.vcard import write_vcards

        with open(args.file, "w", encoding="utf-8", newline="") as f:
            f.write(write_vcards(contacts, args.vcard_version))
    else:
        write_contacts(args.file, contacts)
    print(f"{counted(len(contacts), 'contact')} written to {args.file}")
    return 0


def _release(args: argparse.Namespace) -> int:
    from pressdesk.services.releases import export_file

    with open_store(args).uow() as uow:
        path = export_file(uow, args.id, args.file, language=args.language, sender=args.sender)
    print(f"release {args.id} written to {path}")
    return 0
