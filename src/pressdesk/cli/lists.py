"""``pressdesk list ...`` (distribution lists) and ``pressdesk send ...`` (sending releases).

The filter language of ``--filter`` is documented in ``pressdesk.domain.filters``; a bad
filter is a usage error (exit 2) that says which term is wrong.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from pressdesk.cli.common import open_store, print_json
from pressdesk.domain.plurals import counted
from pressdesk.services import lists as service
from pressdesk.services import sending
from pressdesk.services import smtp as smtp_service
from pressdesk.services.errors import ConflictError, InvalidInput
from pressdesk.store.models import LinkMode, MemberSource

FILTER_HELP = (
    "saved filter, e.g. 'tag:media country:KZ,KG kind:media lang:ru has:email "
    'not-contacted-since:2026-01-01 -tag:internal "free text"\''
)
EXPORT_FORMATS = (".csv", ".vcf", ".txt")


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    _register_list(sub, parent)
    _register_send(sub, parent)


def _register_list(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    lists = sub.add_parser("list", parents=[parent], help="distribution lists")
    l_sub = lists.add_subparsers(dest="list_command", metavar="ACTION", required=True)

    create = l_sub.add_parser("create", parents=[parent], help="create a list")
    create.add_argument("name")
    create.add_argument("--filter", default="", metavar="EXPR", help=FILTER_HELP)
    create.add_argument("--description", default="")
    create.add_argument("--include", action="append", default=[], metavar="LIST")
    create.add_argument("--exclude", action="append", default=[], metavar="LIST")
    create.set_defaults(handler=_create)

    edit = l_sub.add_parser("edit", parents=[parent], help="change a list's filter or links")
    edit.add_argument("name")
    edit.add_argument("--filter", default=None, metavar="EXPR", help=FILTER_HELP)
    edit.add_argument("--rename", metavar="NEW")
    edit.add_argument("--include", action="append", default=[], metavar="LIST")
    edit.add_argument("--exclude", action="append", default=[], metavar="LIST")
    edit.add_argument("--unlink", action="append", default=[], metavar="LIST")
    edit.set_defaults(handler=_edit)

    add = l_sub.add_parser("add", parents=[parent], help="put contacts on a list")
    add.add_argument("name")
    add.add_argument("ids", type=int, nargs="*", metavar="CONTACT_ID")
    add.add_argument("--import-batch", type=int, metavar="BATCH", help="everyone from an import")
    add.set_defaults(handler=_add)

    remove = l_sub.add_parser("remove", parents=[parent], help="take contacts off a list")
    remove.add_argument("name")
    remove.add_argument("ids", type=int, nargs="+", metavar="CONTACT_ID")
    remove.set_defaults(handler=_remove)

    for command in ("show", "members"):
        show = l_sub.add_parser(
            command, parents=[parent], help="members now, and who is left out and why"
        )
        show.add_argument("name")
        show.add_argument("--json", action="store_true")
        show.set_defaults(handler=_show)

    export = l_sub.add_parser(
        "export", parents=[parent], help="members to .csv, .vcf, or .txt (a BCC line)"
    )
    export.add_argument("name")
    export.add_argument("file", type=Path)
    export.set_defaults(handler=_export)

    delete = l_sub.add_parser("delete", parents=[parent], help="delete a list (not its contacts)")
    delete.add_argument("name")
    delete.add_argument(
        "--force",
        action="store_true",
        help="also when other lists include or exclude it (they stop doing so)",
    )
    delete.set_defaults(handler=_delete)

    ls = l_sub.add_parser("ls", parents=[parent], help="every list")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=_ls)


def _register_send(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    send = sub.add_parser("send", parents=[parent], help="send a release to lists; the send log")
    s_sub = send.add_subparsers(dest="send_command", metavar="ACTION", required=True)

    release = s_sub.add_parser("release", parents=[parent], help="send a release to lists")
    release.add_argument("id", type=int, metavar="ID", help="release id")
    release.add_argument("--list", action="append", dest="lists", required=True, metavar="NAME")
    release.add_argument("--smtp-host", metavar="H", help="default: the saved SMTP settings")
    release.add_argument("--smtp-port", type=int, metavar="P")
    security = release.add_mutually_exclusive_group()
    security.add_argument("--starttls", dest="security", action="store_const", const="starttls")
    security.add_argument("--ssl", dest="security", action="store_const", const="ssl")
    release.add_argument(
        "--smtp-user",
        metavar="U",
        help="password from $PRESSDESK_SMTP_PASSWORD, else the system keyring",
    )
    release.add_argument("--from", dest="sender", metavar="ADDR", help="sender address")
    release.add_argument("--bcc-batch", type=int, metavar="N", help="N recipients per message")
    release.add_argument("--rate", type=float, metavar="N", help="at most N messages a minute")
    release.add_argument("--resend", action="store_true", help="also to addresses already sent")
    release.add_argument("--no-pdf", action="store_true", help="do not attach the PDF")
    release.add_argument(
        "--dry-run", type=Path, metavar="DIR", help="write .eml files to DIR, send nothing"
    )
    release.add_argument("--json", action="store_true")
    release.set_defaults(handler=_send)

    log = s_sub.add_parser("log", parents=[parent], help="each recipient's outcome")
    log.add_argument("id", type=int, metavar="ID", help="release id")
    log.add_argument("--json", action="store_true")
    log.set_defaults(handler=_log)


def _links(uow, lst, include: list[str], exclude: list[str]) -> None:  # type: ignore[no-untyped-def]
    for name in include:
        service.link(uow, lst, service.require_list(uow, name), LinkMode.INCLUDE)
    for name in exclude:
        service.link(uow, lst, service.require_list(uow, name), LinkMode.EXCLUDE)


def _create(args: argparse.Namespace) -> int:
    with open_store(args).uow() as uow:
        lst = service.create_list(
            uow, args.name, filter_text=args.filter, description=args.description
        )
        _links(uow, lst, args.include, args.exclude)
        uow.commit()
        print(lst.id)
    return 0


def _edit(args: argparse.Namespace) -> int:
    with open_store(args).uow() as uow:
        lst = service.require_list(uow, args.name)
        if args.filter is not None:
            service.set_filter(uow, lst, args.filter)
        if args.rename:
            service.rename_list(uow, lst, args.rename)
        for name in args.unlink:
            service.unlink(uow, lst, service.require_list(uow, name))
        _links(uow, lst, args.include, args.exclude)
        uow.commit()
    return 0


def _add(args: argparse.Namespace) -> int:
    if not args.ids and args.import_batch is None:
        raise InvalidInput("give contact ids or --import-batch")
    with open_store(args).uow() as uow:
        lst = service.require_list(uow, args.name)
        missing = [i for i in args.ids if uow.contacts.get(i) is None]
        if missing:
            raise InvalidInput(f"no contact with id {', '.join(map(str, missing))}")
        added = service.add_members(uow, lst, args.ids, source=MemberSource.MANUAL)
        if args.import_batch is not None:
            added += service.add_import_batch(uow, lst, args.import_batch)
        uow.commit()
    print(f"{added} added to {lst.name}")
    return 0


def _remove(args: argparse.Namespace) -> int:
    with open_store(args).uow() as uow:
        lst = service.require_list(uow, args.name)
        removed = service.remove_members(uow, lst, args.ids)
        uow.commit()
    print(f"{removed} removed from {lst.name}")
    return 0


def _show(args: argparse.Namespace) -> int:
    with open_store(args).uow() as uow:
        lst = service.require_list(uow, args.name)
        resolution = service.resolve(uow, [lst])
        summary = next(s for s in service.summary(uow) if s["id"] == lst.id)
    if args.json:
        print_json({"list": summary, **resolution.to_dict()})
        return 0
    print(f"{summary['name']}: {counted(len(resolution.recipients), 'recipient')}")
    if summary["filter"]:
        print(f"  filter: {summary['filter']}")
    for key in ("include", "exclude"):
        if summary[key]:
            print(f"  {key}s: {', '.join(summary[key])}")
    for r in resolution.recipients:
        print(f"{r.contact_id}\t{r.name}\t{r.address}")
    if resolution.excluded:
        print(f"left out ({len(resolution.excluded)}):")
        for e in resolution.excluded:
            print(f"{e.contact_id}\t{e.name}\t{e.address}\t{e.explanation}")
    return 0


def _export(args: argparse.Namespace) -> int:
    suffix = args.file.suffix.lower()
    if suffix not in EXPORT_FORMATS:
        raise InvalidInput(f"cannot tell the format of {args.file.name!r}: use .csv, .vcf or .txt")
    from pressdesk.services import contacts as contact_service

    with open_store(args).uow() as uow:
        resolution = service.resolve(uow, [service.require_list(uow, args.name)])
        ids = [r.contact_id for r in resolution.recipients]
        contacts = contact_service.contact_dicts(uow, ids)
    if suffix == ".txt":
        args.file.write_text(", ".join(r.address for r in resolution.recipients) + "\n", "utf-8")
    elif suffix == ".vcf":
        from pressdesk.formats.contacts_export import write_contacts

        write_contacts(args.file, contacts)
    else:
        _write_csv(args.file, resolution)
    print(f"{counted(len(resolution.recipients), 'recipient')} written to {args.file}")
    return 0


def _cell(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _write_csv(path: Path, resolution: service.Resolution) -> None:
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(["contact_id", "name", "email"])
        for r in resolution.recipients:
            writer.writerow([r.contact_id, _cell(r.name), _cell(r.address)])


def _delete(args: argparse.Namespace) -> int:
    with open_store(args).uow() as uow:
        try:
            service.delete_list(uow, service.require_list(uow, args.name), unlink=args.force)
        except ConflictError as error:
            raise ConflictError(f"{error} (--force deletes it anyway)") from None
        uow.commit()
    return 0


def _ls(args: argparse.Namespace) -> int:
    with open_store(args).uow() as uow:
        data = service.summary(uow)
    if args.json:
        print_json({"lists": data})
        return 0
    for item in data:
        extra = f"\tfilter: {item['filter']}" if item["filter"] else ""
        # Hand-picked only: who a filter or an included list adds is worked out by
        # `list members` (and when sending), not for every list here.
        members = f"{item['static_members']:,} hand-picked"
        print(f"{item['id']}\t{item['name']}\t{members}{extra}")
    return 0


def _smtp_settings(args: argparse.Namespace, saved: smtp_service.SmtpSettings | None):  # type: ignore[no-untyped-def]
    host = args.smtp_host or (saved.host if saved else None)
    if not host:
        raise InvalidInput("--smtp-host is needed (no SMTP server saved in the settings)")
    security = smtp_service.Security(
        args.security or (saved.security.value if saved and not args.smtp_host else "none")
    )
    default_port = {"none": 25, "starttls": 587, "ssl": 465}[security.value]
    port = args.smtp_port or (saved.port if saved and not args.smtp_host else default_port)
    user = args.smtp_user if args.smtp_user is not None else (saved.user if saved else "")
    settings = smtp_service.SmtpSettings(host, port, security, user or "")
    return smtp_service.with_password(settings, environment=True)


def _send(args: argparse.Namespace) -> int:
    store = open_store(args)
    with store.uow() as uow:
        saved = smtp_service.load_settings(uow)
        sender = args.sender or smtp_service.saved_sender(uow)
    if not sender:
        raise InvalidInput("--from is needed (no sender address saved in the settings)")
    options = sending.SendOptions(
        lists=args.lists,
        sender=sender,
        bcc_batch=args.bcc_batch,
        rate_per_minute=args.rate,
        resend=args.resend,
        attach_pdf=not args.no_pdf,
    )
    settings = None if args.dry_run else _smtp_settings(args, saved)

    def load(uow):  # type: ignore[no-untyped-def]
        try:
            from pressdesk.services.releases import load_release
        except ImportError:
            raise InvalidInput("releases are not stored yet in this version") from None
        return load_release(uow, args.id)

    def show(progress: sending.SendProgress) -> None:
        if not args.json and sys.stderr.isatty():
            print(f"\r{progress.done}/{progress.total} {progress.address}", end="", file=sys.stderr)

    with store.uow() as uow:
        status = load(uow).status
    if not status.ready_to_send:
        print(f"pressdesk: note: release {args.id} is {status.value}", file=sys.stderr)
    report = sending.send_release(
        store, args.id, load, options, settings, dry_run=args.dry_run, progress=show
    )
    if args.json:
        print_json(report.to_dict())
        return 0
    verb = "written" if args.dry_run else "sent"
    print(f"{len(report.sent)} {verb}, {len(report.refused)} refused, "
          f"{len(report.skipped)} skipped")  # fmt: skip
    for address, code, reply in report.refused:
        print(f"refused\t{address}\t{code} {reply}")
    for e in report.skipped:
        print(f"skipped\t{e.name}\t{e.address}\t{e.explanation}")
    return 0 if report.state == sending.RunState.COMPLETED else 1


def _log(args: argparse.Namespace) -> int:
    with open_store(args).uow() as uow:
        data = sending.send_log(uow, args.id)
    if args.json:
        print_json(data)
        return 0
    if not data["runs"]:  # the release exists: send_log refuses an unknown id
        print(f"release {args.id} was never sent")
    for run in data["runs"]:
        counts = ", ".join(f"{n} {s}" for s, n in sorted(run["counts"].items()))
        print(f"run {run['run_id']} {run['state']} {run['started_at']} to "
              f"{', '.join(run['lists'])}: {counts}")  # fmt: skip
        if run["error"]:
            print(f"  error: {run['error']}")
        for e in run["entries"]:
            detail = f"\t{e['reason']}" if e["reason"] else ""
            print(f"  {e['status']}\t{e['name']}\t{e['address']}{detail}")
    return 0
