"""``pressdesk db ...`` and ``pressdesk settings ...``: the store itself."""

from __future__ import annotations

import argparse

from pressdesk.cli.common import open_store, print_json
from pressdesk.domain.countries import country_code
from pressdesk.services import contacts as contact_service
from pressdesk.services.errors import InvalidInput
from pressdesk.store import Store, migrate

SETTINGS = {
    "default-region": contact_service.DEFAULT_REGION_KEY,
    "check-deliverability": contact_service.DELIVERABILITY_KEY,
}


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    db = sub.add_parser("db", parents=[parent], help="the store: upgrade, where it is")
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    upgrade = db_sub.add_parser("upgrade", parents=[parent], help="create or upgrade the store")
    upgrade.set_defaults(handler=_upgrade)
    info = db_sub.add_parser("info", parents=[parent], help="where the store is and its revision")
    info.add_argument("--json", action="store_true")
    info.set_defaults(handler=_info)

    settings = sub.add_parser("settings", parents=[parent], help="settings shared by the store")
    s_sub = settings.add_subparsers(dest="settings_command", metavar="ACTION", required=True)
    show = s_sub.add_parser("show", parents=[parent], help="print the settings")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=_settings_show)
    set_ = s_sub.add_parser("set", parents=[parent], help="change a setting")
    set_.add_argument("name", choices=sorted(SETTINGS))
    set_.add_argument("value")
    set_.set_defaults(handler=_settings_set)


def _upgrade(args: argparse.Namespace) -> int:
    store = Store.open(getattr(args, "db", None), upgrade=False)
    before = migrate.current_revision(store.engine)
    migrate.upgrade(store.engine)
    after = migrate.current_revision(store.engine)
    print(f"{store.location}: {before or 'empty'} -> {after}")
    return 0


def _info(args: argparse.Namespace) -> int:
    store = open_store(args)
    with store.uow() as uow:
        data = {
            "store": store.location,
            "dialect": store.dialect,
            "revision": migrate.current_revision(store.engine),
            "contacts": uow.contacts.count(),
        }
    if args.json:
        print_json(data)
    else:
        for key, value in data.items():
            print(f"{key}: {value}")
    return 0


def _settings_show(args: argparse.Namespace) -> int:
    with open_store(args).uow() as uow:
        data = {name: contact_service.get_setting(uow, key) for name, key in SETTINGS.items()}
    if args.json:
        print_json(data)
    else:
        for name, value in data.items():
            print(f"{name}: {value if value is not None else '(not set)'}")
    return 0


def _settings_set(args: argparse.Namespace) -> int:
    value: str | None = args.value
    if args.name == "default-region":
        value = country_code(args.value) if args.value else None
        if args.value and value is None:
            raise InvalidInput(f"unknown country or region: {args.value!r}")
    elif args.name == "check-deliverability" and args.value not in ("yes", "no"):
        raise InvalidInput("check-deliverability takes yes or no")
    with open_store(args).uow() as uow:
        contact_service.set_setting(uow, SETTINGS[args.name], value)
        uow.commit()
    return 0
