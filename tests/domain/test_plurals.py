import pytest

from pressdesk.domain.plurals import counted


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "0 contacts"), (1, "1 contact"), (2, "2 contacts"), (-1, "-1 contacts")],
)
def test_regular_plural(count, expected):
    assert counted(count, "contact") == expected


def test_given_plural():
    assert counted(1, "e-mail address", "e-mail addresses") == "1 e-mail address"
    assert counted(3, "e-mail address", "e-mail addresses") == "3 e-mail addresses"
