"""The typed model of a connector template (the open equivalent of a MIM ``.wsconfig`` project).

Pure data: the loader builds it from XML, the validator checks it, the workflow engine runs it.
Every node keeps the :class:`Location` it came from so run-time errors can name the file and line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from connector.template.problems import Location

# --- schema.xml ---------------------------------------------------------------------------------

ATTRIBUTE_TYPES = ("String", "Integer", "Boolean", "Reference", "Binary")
# MIM's virtual attribute, present on every object type (an attribute name, not a password)
EXPORT_PASSWORD = "export_password"  # noqa: S105

# capability name in schema.xml -> the workflows it requires
CAPABILITY_WORKFLOWS: dict[str, tuple[str, ...]] = {
    "fullImport": ("FullImport",),
    "deltaImport": ("DeltaImport",),
    "export": ("Add", "Replace", "Delete"),
    "setPassword": ("SetPassword",),
    "testConnection": ("TestConnection",),
}
OPERATIONS = ("FullImport", "DeltaImport", "Add", "Replace", "Delete", "SetPassword", "TestConnection")
SHARED_FOLDER = "_shared"  # workflows/<ObjectType>/_shared/<Name>.xml: pieces Invoke runs
MODIFICATIONS = ("Add", "Replace", "Delete")


@dataclass(frozen=True)
class Attribute:
    name: str
    type: str = "String"
    multivalued: bool = False
    anchor: bool = False
    virtual: bool = False
    location: Location | None = None


@dataclass(frozen=True)
class ObjectType:
    name: str
    attributes: dict[str, Attribute]
    location: Location | None = None

    @property
    def anchor(self) -> str | None:
        anchors = [a.name for a in self.attributes.values() if a.anchor]
        return anchors[0] if anchors else None


@dataclass(frozen=True)
class Capabilities:
    enabled: frozenset[str] = frozenset({"fullImport", "export", "testConnection"})
    location: Location | None = None

    def required_operations(self) -> list[str]:
        return [op for cap in CAPABILITY_WORKFLOWS if cap in self.enabled for op in CAPABILITY_WORKFLOWS[cap]]


@dataclass(frozen=True)
class Schema:
    object_types: dict[str, ObjectType]
    capabilities: Capabilities = field(default_factory=Capabilities)


# --- discovery.xml ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MessageElement:
    """One element of an operation's input or output tree (as discovery read it from the WSDL)."""

    name: str
    type: str = ""
    min_occurs: int = 1
    max_occurs: int | None = 1  # None = unbounded
    children: tuple[MessageElement, ...] = ()

    @property
    def repeated(self) -> bool:
        return self.max_occurs is None or self.max_occurs > 1

    def child(self, name: str) -> MessageElement | None:
        return next((c for c in self.children if c.name == name), None)


@dataclass(frozen=True)
class SoapOperation:
    name: str
    inputs: tuple[MessageElement, ...]
    outputs: tuple[MessageElement, ...]
    location: Location | None = None

    def input(self, name: str) -> MessageElement | None:
        return next((e for e in self.inputs if e.name == name), None)


@dataclass(frozen=True)
class SoapEndpoint:
    name: str
    address: str
    operations: dict[str, SoapOperation]
    binding: str = ""
    location: Location | None = None


@dataclass(frozen=True)
class SoapService:
    name: str
    wsdl: str  # path inside the template, e.g. wsdl/MyService.wsdl
    namespace: str
    endpoints: dict[str, SoapEndpoint]
    location: Location | None = None


@dataclass(frozen=True)
class RestParameter:
    name: str
    where: str  # "path" | "query" | "header"
    type: str = "string"
    required: bool = False


@dataclass(frozen=True)
class RestMethod:
    name: str
    verb: str
    address: str  # relative to the service base address, may hold {path} parameters
    media_type: str = "application/json"
    parameters: dict[str, RestParameter] = field(default_factory=dict)
    sample_request: str = ""
    sample_response: str = ""
    location: Location | None = None


@dataclass(frozen=True)
class RestResource:
    name: str
    methods: dict[str, RestMethod]
    location: Location | None = None


@dataclass(frozen=True)
class RestService:
    name: str
    base_address: str
    security: str
    resources: dict[str, RestResource]
    location: Location | None = None


@dataclass(frozen=True)
class Discovery:
    soap: dict[str, SoapService] = field(default_factory=dict)
    rest: dict[str, RestService] = field(default_factory=dict)


# --- workflows ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expression:
    """Source text of a workflow expression; parsed and checked by :mod:`connector.template.expressions`."""

    source: str
    location: Location


@dataclass(frozen=True)
class ValueNode:
    """A value built for a call: an expression, a structure of named fields, or table rows."""

    name: str
    value: Expression | None = None
    fields: tuple[ValueNode, ...] = ()
    rows: tuple[tuple[ValueNode, ...], ...] = ()
    location: Location | None = None


@dataclass(frozen=True)
class Activity:
    location: Location


@dataclass(frozen=True)
class Sequence(Activity):
    body: tuple[AnyActivity, ...] = ()


@dataclass(frozen=True)
class Assign(Activity):
    to: str = ""
    value: Expression | None = None


@dataclass(frozen=True)
class If(Activity):
    condition: Expression | None = None
    then: tuple[AnyActivity, ...] = ()
    otherwise: tuple[AnyActivity, ...] = ()


@dataclass(frozen=True)
class While(Activity):
    condition: Expression | None = None
    body: tuple[AnyActivity, ...] = ()


@dataclass(frozen=True)
class DoWhile(Activity):
    condition: Expression | None = None
    body: tuple[AnyActivity, ...] = ()


@dataclass(frozen=True)
class ForEach(Activity):
    items: Expression | None = None
    var: str = "item"
    parallel: int = 1
    body: tuple[AnyActivity, ...] = ()


@dataclass(frozen=True)
class Paginate(Activity):
    """Repeat ``body`` page by page while ``more`` holds; ``pageSize``, ``pageIndex`` and
    ``offset`` are set for the body."""

    page_size: Expression | None = None
    more: Expression | None = None
    body: tuple[AnyActivity, ...] = ()


@dataclass(frozen=True)
class TryCatch(Activity):
    body: tuple[AnyActivity, ...] = ()
    catch_var: str = "error"
    catch: tuple[AnyActivity, ...] = ()
    catch_kind: str = "any"  # "thrown" | "target" | "any"
    has_catch: bool = False
    final: tuple[AnyActivity, ...] = ()


@dataclass(frozen=True)
class Throw(Activity):
    """``kind="thrown"``: the template's own failure (the object fails); ``kind="target"``: the
    target is unavailable (the host answers 503 with ``retryAfter`` seconds)."""

    message: Expression | None = None
    kind: str = "thrown"  # "thrown" | "target"
    retry_after: Expression | None = None


@dataclass(frozen=True)
class Log(Activity):
    level: str = "info"
    tag: str = ""
    message: Expression | None = None


@dataclass(frozen=True)
class WebServiceCall(Activity):
    service: str = ""
    endpoint: str = ""
    operation: str = ""
    arguments: tuple[ValueNode, ...] = ()
    result: str | None = None


@dataclass(frozen=True)
class RestCall(Activity):
    service: str = ""
    resource: str = ""
    method: str = ""
    parameters: tuple[ValueNode, ...] = ()
    payload: ValueNode | None = None  # the <Body> element
    result: str | None = None
    url: Expression | None = None  # a full URL on the service's origin (a "next" link) instead of the path


@dataclass(frozen=True)
class AttributeChange:
    name: str
    value: Expression | None = None
    values: tuple[Expression, ...] = ()
    location: Location | None = None


@dataclass(frozen=True)
class CreateCSEntryChange(Activity):
    object_type: str | None = None
    anchor: Expression | None = None
    modification: str = "Add"
    changes: tuple[AttributeChange, ...] = ()
    modification_expr: Expression | None = None  # when modification is not a literal Add/Replace/Delete


@dataclass(frozen=True)
class SetImportStatus(Activity):
    code: str = "Success"
    message: Expression | None = None


@dataclass(frozen=True)
class SetExportStatus(Activity):
    code: str = "Success"
    message: Expression | None = None
    anchor: Expression | None = None


@dataclass(frozen=True)
class Return(Activity):
    pass


@dataclass(frozen=True)
class Invoke(Activity):
    """Run the shared workflow ``workflows/<ObjectType>/_shared/<workflow>.xml`` with
    ``arguments``; its ``result`` variable lands in ``result``."""

    workflow: str = ""
    arguments: tuple[ValueNode, ...] = ()
    result: str | None = None


AnyActivity = (
    Sequence
    | Assign
    | If
    | While
    | DoWhile
    | ForEach
    | Paginate
    | TryCatch
    | Throw
    | Log
    | WebServiceCall
    | RestCall
    | CreateCSEntryChange
    | SetImportStatus
    | SetExportStatus
    | Return
    | Invoke
)


@dataclass(frozen=True)
class Workflow:
    object_type: str
    operation: str
    body: tuple[AnyActivity, ...]
    file: str  # display name, for messages


@dataclass(frozen=True)
class SharedParameter:
    name: str
    required: bool = True
    location: Location | None = None


@dataclass(frozen=True)
class SharedWorkflow:
    """A piece several workflows of one object type invoke (MIM: a custom activity with In
    arguments and a result). It sees its arguments and MIM's arguments, not the caller's variables."""

    object_type: str
    name: str
    parameters: tuple[SharedParameter, ...]
    body: tuple[AnyActivity, ...]
    file: str

    @property
    def operation(self) -> str:
        return f"{SHARED_FOLDER}/{self.name}"


@dataclass(frozen=True)
class Template:
    name: str
    source: str  # display name of the directory or .wsconfig
    discovery: Discovery
    schema: Schema
    workflows: dict[tuple[str, str], Workflow]
    wsdl_files: dict[str, bytes] = field(default_factory=dict)  # template path -> WSDL bytes
    shared: dict[tuple[str, str], SharedWorkflow] = field(default_factory=dict)  # (type, name) -> piece

    def workflow(self, object_type: str, operation: str) -> Workflow | None:
        return self.workflows.get((object_type, operation))
