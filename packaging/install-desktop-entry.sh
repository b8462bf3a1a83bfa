#!/usr/bin/env bash
# Registers PressDesk with the desktop (menu entry and icon) for the current user, after
# `pip install` has put `pressdesk-gui` on the PATH.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
data="${XDG_DATA_HOME:-$HOME/.local/share}"
install -Dm644 "$here/resources/org.pressdesk.PressDesk.desktop" "$data/applications/org.pressdesk.PressDesk.desktop"
install -Dm644 "$here/resources/org.pressdesk.PressDesk.svg" "$data/icons/hicolor/scalable/apps/org.pressdesk.PressDesk.svg"
install -Dm644 "$here/packaging/org.pressdesk.PressDesk.metainfo.xml" "$data/metainfo/org.pressdesk.PressDesk.metainfo.xml"
command -v update-desktop-database >/dev/null && update-desktop-database "$data/applications" || true
echo "PressDesk added to the applications menu."
