"""Every documented function, grouped by kind; importing this package registers them all.

Where to find a function:

- ``text``: Append, ConvertToBase64, ConvertToUTF8Hex, InStr, Left, Mid, PCase, StripSpaces,
  ToLower, ToUpper, Word
- ``diacritics``: NormalizeDiacritics (Microsoft's full character table)
- ``replace``: Replace (all five modes, .NET regular expressions)
- ``multivalue``: Count, Item, Join, RemoveDuplicates, Split
- ``logic``: Coalesce, IIF, IsNull, IsNullOrEmpty, IsPresent, IsString, Not, Switch
- ``conversion``: BitAnd, CBool, CStr
- ``dates``: CDate, DateAdd, DateDiff, DateFromNum, FormatDateTime, Now, NumFromDate
- ``flow_control``: IgnoreFlowIfNullOrEmpty, Redact, SelectUniqueValue
- ``generators``: Guid, RandomString
- ``roles``: AppRoleAssignmentsComplex, AssertiveAppRoleAssignmentsComplex, SingleAppRoleAssignment
"""

from . import (  # noqa: F401 - imported for their registrations
    conversion,
    dates,
    diacritics,
    flow_control,
    generators,
    logic,
    multivalue,
    replace,
    roles,
    text,
)
from .registry import FUNCTIONS, Argument, FunctionSpec, Invocation, register

__all__ = ["FUNCTIONS", "Argument", "FunctionSpec", "Invocation", "register"]
