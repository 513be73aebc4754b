"""What cannot be done at the desk, said in the desk's own terms; bot/desk/http.py turns each kind into
its HTTP answer."""


class DeskError(Exception):
    """A staff request that cannot be carried out."""


class Missing(DeskError):
    """No such ticket, conversation or message."""


class NotAllowed(DeskError):
    """This staff member may not do it (e.g. someone else claimed the ticket)."""


class StateConflict(DeskError):
    """The ticket's state does not allow it (already claimed, closed, not claimed)."""


class RasaRefused(DeskError):
    """Rasa did not do what the action needs (pause, resume, start an intent)."""
