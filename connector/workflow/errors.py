"""Why a workflow run failed, naming the workflow file, line and activity."""

from __future__ import annotations

from connector.template.problems import Location


class WorkflowError(Exception):
    """A run failed in the template's logic (an expression, a missing value, an engine limit)."""

    def __init__(self, location: Location, activity: str, message: str) -> None:
        super().__init__(f"{location}: {activity}: {message}")
        self.location = location
        self.activity = activity
        self.message = message
        self.trace: list = []  # the run's trace up to the failure, filled in by the interpreter


class WorkflowThrownError(WorkflowError):
    """A ``Throw`` activity that no ``TryCatch`` caught; ``message`` is the template's own text."""


class WorkflowLimitError(WorkflowError):
    """A loop ran past its bound or the run past its time budget."""
