"""Counted nouns in the English messages of the command line and the services.

"1 contacts removed" reads as a bug; `counted(1, "contact")` gives "1 contact". Only
English is handled (a regular "-s", or the plural given): the window's messages go
through Qt's ``tr()`` with a count, which knows each language's plural forms.
"""

from __future__ import annotations


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """ "1 contact", "0 contacts", "2 e-mail addresses" (given as the plural)."""
    noun = singular if count == 1 else (plural or singular + "s")
    return f"{count} {noun}"
