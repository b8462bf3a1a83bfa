"""Errors the services raise; each carries a message a user can act on."""


class PressDeskError(Exception):
    """Base of every error a user may see; the message says what to do."""


class NotFound(PressDeskError):
    pass


class ConflictError(PressDeskError):
    """Someone else changed the record since it was read (optimistic locking)."""


class InvalidInput(PressDeskError):
    pass
