"""The simulated Entra directory: source users, their events, seeding, files and state."""

from .directory import EVENTS, SOFT_DELETED, Directory, UnknownUserError
from .loader import UserFileError, load_users
from .model import InvalidUserError, SourceUser, bool_text, is_soft_deleted, source_attributes
from .seed import seed_users
from .store import StateFileError, load_directory, save_directory, write_json_atomic

__all__ = [
    "EVENTS",
    "SOFT_DELETED",
    "Directory",
    "InvalidUserError",
    "SourceUser",
    "StateFileError",
    "UnknownUserError",
    "UserFileError",
    "bool_text",
    "is_soft_deleted",
    "load_directory",
    "load_users",
    "save_directory",
    "seed_users",
    "source_attributes",
    "write_json_atomic",
]
