"""What only SAP's SOAP service can suffer, added to the vendor-neutral fault grammar by the SAP
target: the kinds ``soap_fault`` and ``sap_error`` and their options ``number`` and ``message``.
How each looks on the wire is :class:`simulator.sap.wire.SapWire`'s business."""

from __future__ import annotations

from enum import StrEnum
from types import MappingProxyType
from typing import Any

from provlab.faults import FaultRuleError, KindSpec, Option


class SapFaultKind(StrEnum):
    """The kinds only SAP's SOAP service has (the others: :class:`provlab.faults.FaultKind`)."""

    SOAP_FAULT = "soap_fault"  # SAP: a SOAP Server fault, nothing done
    SAP_ERROR = "sap_error"  # SAP: HTTP 200 with a RETURN row TYPE E, NUMBER `number`, nothing done


def sap_message_number(value: Any) -> str:
    """An SAP message number of up to three digits, zero-padded (``24`` → ``024``)."""
    number = str(value).strip()
    if not (number.isdigit() and len(number) <= 3):
        raise FaultRuleError(f"number must be an SAP message number of up to 3 digits, not {number!r}")
    return number.zfill(3)


SAP_KINDS = (
    KindSpec(SapFaultKind.SOAP_FAULT, frozenset({"message"})),
    KindSpec(SapFaultKind.SAP_ERROR, frozenset({"number", "message"})),
)
SAP_OPTIONS = (Option("number", sap_message_number), Option("message", str))
SAP_DEFAULTS = MappingProxyType({"number": "999", "message": ""})
SAP_EXAMPLE = "sap:BAPI_USER_CREATE1:sap_error:number=224"
