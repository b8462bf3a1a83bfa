"""``pressdesk release ...``: list, show, import from text, attach contacts, status and
embargo, language versions, delete. (``pressdesk export release`` is in ``cli.exports``.)"""

from __future__ import annotations

import argparse
import sys

from pressdesk.cli.common import open_store, print_json
from pressdesk.domain.plurals import counted
from pressdesk.domain.releases import ReleaseStatus
from pressdesk.services import releases as service
from pressdesk.services.errors import InvalidInput

TITLE_WIDTH = 70  # characters of the title shown by ``release list``


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    release = sub.add_parser("release", parents=[parent], help="press releases")
    r_sub = release.add_subparsers(dest="release_command", metavar="ACTION", required=True)

    listing = r_sub.add_parser("list", parents=[parent], help="every release version")
    listing.add_argument("--status", choices=[s.value for s in ReleaseStatus])
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=_list)

    show = r_sub.add_parser("show", parents=[parent], help="one release, all its fields")
    show.add_argument("id", type=int)
    show.add_argument("--language", metavar="xx", help="show this language version")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(handler=_show)

    imp = r_sub.add_parser(
        "import-text",
        parents=[parent],
        help="read a release written as plain text ('-' reads stdin); prints its id",
    )
    imp.add_argument("file")
    imp.add_argument("--json", action="store_true", help="print the parsed release as JSON")
    imp.add_argument("--language", default="en", help="language when it cannot be told")
    imp.add_argument("--region", help="country (e.g. TM) of phones written without +code")
    imp.add_argument(
        "--encoding", help="text encoding of FILE (default: detected, as for contact imports)"
    )
    imp.set_defaults(handler=_import_text)

    attach = r_sub.add_parser("attach", parents=[parent], help="add contacts to the block")
    attach.add_argument("id", type=int)
    attach.add_argument("contact_ids", nargs="+", type=int, metavar="CONTACT_ID")
    attach.add_argument("--title", help="title shown for them in this release")
    attach.set_defaults(handler=_attach)

    detach = r_sub.add_parser("detach", parents=[parent], help="remove contacts from the block")
    detach.add_argument("id", type=int)
    detach.add_argument("contact_ids", nargs="+", type=int, metavar="CONTACT_ID")
    detach.set_defaults(handler=_detach)

    change = r_sub.add_parser("set", parents=[parent], help="change status or embargo")
    change.add_argument("id", type=int)
    change.add_argument("--status", help=", ".join(s.value for s in ReleaseStatus))
    change.add_argument(
        "--embargo",
        metavar="ISO8601",
        help="e.g. 2022-12-10T09:00+05:00, 2022-12-10T04:00Z, "
        "2022-12-10T09:00+05:00[Asia/Ashgabat]; 'none' clears it",
    )
    change.add_argument(
        "--zone",
        help="IANA time zone of --embargo (e.g. Asia/Ashgabat): needed when the embargo has "
        "no offset, else the zone it is shown in",
    )
    change.set_defaults(handler=_set)

    version = r_sub.add_parser(
        "add-version", parents=[parent], help="a new language version, copied from ID"
    )
    version.add_argument("id", type=int)
    version.add_argument("--language", required=True, metavar="xx")
    version.add_argument("--title", help="the title in that language")
    version.set_defaults(handler=_add_version)

    delete = r_sub.add_parser("delete", parents=[parent], help="delete one release version")
    delete.add_argument("id", type=int)
    delete.set_defaults(handler=_delete)


def _embargo_text(row: dict) -> str:
    embargo = row["embargo"]
    return f"{embargo['local']} ({embargo['zone']})" if embargo else ""


def _list(args: argparse.Namespace) -> int:
    with open_store(args).uow() as uow:
        rows = uow.releases.list_rows(status=args.status)
    if args.json:
        print_json(
            [
                {
                    "id": r.id,
                    "group_id": r.group_id,
                    "title": r.title,
                    "language": r.language,
                    "versions": list(r.languages),
                    "status": r.status,
                    "embargo_utc": r.embargo_utc.isoformat() if r.embargo_utc else None,
                    "embargo_zone": r.embargo_zone or None,
                    "updated_at": r.updated_at.isoformat(),
                }
                for r in rows
            ]
        )
        return 0
    for r in rows:
        embargo = f"  embargo {r.embargo_utc:%Y-%m-%d %H:%M}Z" if r.embargo_utc else ""
        print(f"{r.id:>5}  {r.language:<5} {r.status:<10} {_shortened(r.title)}{embargo}")
    return 0


def _shortened(title: str, width: int = TITLE_WIDTH) -> str:
    """The title in at most `width` characters, "…" marking a cut."""
    return title if len(title) <= width else title[: width - 1].rstrip() + "…"


def _show(args: argparse.Namespace) -> int:
    with open_store(args).uow() as uow:
        data = service.to_dict(uow, service.version_in(uow, args.id, args.language))
    if args.json:
        print_json(data)
        return 0
    print(f"#{data['id']} [{data['language']}] {data['status']}: {data['title']}")
    versions = ", ".join(f"{v['language']} (#{v['id']})" for v in data["versions"])
    print(f"versions: {versions}")
    if data["embargo"]:
        print(f"embargo: {_embargo_text(data)}")
    if data["dateline"]:
        print(f"dateline: {data['dateline']['text']}")
    print(f"{counted(len(data['paragraphs']), 'paragraph')}; SDGs: {data['sdgs'] or '-'}")
    for person in data["contacts"]:
        gone = " (contact deleted)" if person["deleted"] else f" #{person['contact_id']}"
        print(f"contact: {person['name']}{gone} — {person['title']}")
    return 0


def _import_text(args: argparse.Namespace) -> int:
    if args.file == "-":
        text = sys.stdin.read()
    else:
        text = service.read_text_file(args.file, args.encoding)
    with open_store(args).uow() as uow:
        result = service.import_text(uow, text, default_language=args.language, region=args.region)
        uow.commit()
        data = service.to_dict(uow, result.release)
        problems = list(result.parsed.problems)
    if args.json:
        data["problems"] = [{"text": p.text, "reason": p.reason} for p in result.parsed.problems]
        data["matched"] = [
            {"contact_id": contact_id, "how": how} for contact_id, how in result.contacts
        ]
        print_json(data)
        return 0
    print(data["id"])
    for problem in problems:
        print(f"note: {problem.reason} ({problem.text[:60]!r})", file=sys.stderr)
    return 0


def _attach(args: argparse.Namespace) -> int:
    with open_store(args).uow() as uow:
        row = service.attach_contacts(uow, args.id, args.contact_ids, title=args.title)
        uow.commit()
        names = [link.name for link in row.contacts]
    print(f"release {args.id}: " + "; ".join(names))
    return 0


def _detach(args: argparse.Namespace) -> int:
    with open_store(args).uow() as uow:
        row = service.detach_contacts(uow, args.id, args.contact_ids)
        uow.commit()
        count = len(row.contacts)
    print(f"release {args.id}: {counted(count, 'contact')} left")
    return 0


def _set(args: argparse.Namespace) -> int:
    if args.zone is not None:
        service.time_zone(args.zone)
    if args.status is None and args.embargo is None:
        what = "--zone only says the time zone of an --embargo" if args.zone else ""
        raise InvalidInput(
            "nothing to change: give --status and/or --embargo" + (f" ({what})" if what else "")
        )
    with open_store(args).uow() as uow:
        if args.status is not None:
            service.set_status(uow, args.id, args.status)
        if args.embargo is not None:
            service.set_embargo(uow, args.id, service.parse_embargo(args.embargo, args.zone))
        uow.commit()
        data = service.to_dict(uow, service.require(uow, args.id))
    embargo = _embargo_text(data) or "no embargo"
    print(f"release {args.id}: {data['status']}, {embargo}")
    return 0


def _add_version(args: argparse.Namespace) -> int:
    with open_store(args).uow() as uow:
        row = service.add_version(uow, args.id, args.language, title=args.title)
        uow.commit()
        new_id = row.id
    print(new_id)
    return 0


def _delete(args: argparse.Namespace) -> int:
    with open_store(args).uow() as uow:
        service.delete_release(uow, args.id)
        uow.commit()
    print(f"release {args.id} deleted")
    return 0
