"""Where the shipped resources (templates, icons, translations) are.

The wheel carries the top-level `resources/` folder as `pressdesk/resources/`
(pyproject force-include); a source checkout has it at `<repo>/resources/`.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resources_dir() -> Path:
    for candidate in (_PACKAGE / "resources", _PACKAGE.parents[1] / "resources"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        f"PressDesk resources not found in {_PACKAGE / 'resources'} "
        f"nor {_PACKAGE.parents[1] / 'resources'}: the installation is incomplete."
    )


def resource_path(*parts: str) -> Path:
    """A file under the resources folder, e.g. resource_path("templates", "release.txt.j2")."""
    return resources_dir().joinpath(*parts)


def templates_dir() -> Path:
    return resource_path("templates")
