"""Mock target systems: an SAP ECC SU_USER service over SOAP (Spyne) and a line-of-business
REST user service (Flask) on one user store, with a call journal, fault injection and an
admin API."""

import sys

if sys.version_info >= (3, 12):  # pragma: no cover - exercised only on newer interpreters
    raise ImportError(
        "provlab's simulator needs Python 3.11: Spyne 2.14, which serves the SAP SOAP service, "
        "does not import on Python 3.12 or newer."
    )
