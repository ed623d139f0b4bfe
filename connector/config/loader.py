"""Read ECMA2Host's ``Configuration.xml`` into :class:`HostConfig`, with ``file:line`` errors.

The XML is parsed by :mod:`provlab.xmlsafe` (no DTD, no entities, no network).
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from provlab import xmlsafe

from .model import (
    DATA_TYPES,
    DEFAULT_AUTOSYNC_MINUTES,
    DEFAULT_PAGE_SIZE,
    DEFAULT_PORT,
    AttributeSchema,
    Capabilities,
    ConnectorConfig,
    DeleteFlow,
    DeprovisioningModel,
    DisableFlow,
    EntrySchema,
    HostConfig,
    Parameter,
    RunConfiguration,
    WebServiceSettings,
)

# The connector name appears in the Tenant URL, so it must be a plain path segment.
_NAME_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no", ""}

# DeprovisioningModel values, read as the wizard's flows (our best reading; docs/connector-host.md).
_DISABLE_FLOWS = {
    "none": DisableFlow.NONE,
    "delete": DisableFlow.DELETE,
    "treatashard": DisableFlow.DELETE,
    "setattributevalue": DisableFlow.SET_ATTRIBUTE,
    "updateattribute": DisableFlow.SET_ATTRIBUTE,
}
_DELETE_FLOWS = {"none": DeleteFlow.NONE, "delete": DeleteFlow.DELETE, "treatashard": DeleteFlow.DELETE}

_CAPABILITY_FLAGS = {
    "Enable Import": "enable_import",
    "Enable Delta Import": "enable_delta_import",
    "Enable Export": "enable_export",
    "Enable Full Export": "enable_full_export",
    "Enable Export Password In First Pass": "export_password_in_first_pass",
    "No Reference Values In First Export Pass": "no_reference_values_in_first_pass",
    "Enable Object Rename": "enable_object_rename",
    "Delete-Add As Replace": "delete_add_as_replace",
}
_CAPABILITY_CHOICES = {
    "Export Type": "export_type",
    "Object Confirmation": "object_confirmation",
    "Distinguished Name Style": "dn_style",
}
_PAGE_SIZE_PARAMETERS = ("PageSizeExport", "PageSizeFullImport", "PageSizeDeltaImport")


class HostConfigError(ValueError):
    """The configuration file is wrong; the message says where (file:line) and how to fix it."""


class _Reader:
    """Element helpers that know the file name, so every error carries ``file:line``."""

    def __init__(self, source: str) -> None:
        self.source = source

    def error(self, element: etree._Element | None, message: str) -> HostConfigError:
        line = getattr(element, "sourceline", None) or 0
        return HostConfigError(f"{self.source}:{line}: {message}")

    def child(self, parent: etree._Element, tag: str, *, required: bool = True) -> etree._Element | None:
        found = parent.find(tag)
        if found is None and required:
            raise self.error(
                parent, f"<{parent.tag}> has no <{tag}> element; add it (see docs/connector-host.md)"
            )
        return found

    def text(self, parent: etree._Element, tag: str, default: str | None = None) -> str | None:
        found = parent.find(tag)
        if found is None:
            if default is None:
                raise self.error(parent, f"<{parent.tag}> has no <{tag}> element; add it")
            return default
        return (found.text or "").strip()

    def boolean(self, parent: etree._Element, tag: str, default: bool) -> bool:
        found = parent.find(tag)
        if found is None:
            return default
        return self.parse_bool(found, found.text)

    def parse_bool(self, element: etree._Element, raw: str | None) -> bool:
        value = (raw or "").strip().lower()
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        raise self.error(element, f"<{element.tag}> must be true or false (or 1 / 0), not {raw!r}")

    def integer(self, element: etree._Element, raw: str | None, *, minimum: int = 0) -> int:
        try:
            value = int((raw or "").strip())
        except ValueError:
            raise self.error(element, f"<{element.tag}> must be a whole number, not {raw!r}") from None
        if value < minimum:
            raise self.error(element, f"<{element.tag}> must be at least {minimum}, not {value}")
        return value


def load_host_config(path: str | Path) -> HostConfig:
    """Load and validate a ``Configuration.xml``; raises :class:`HostConfigError` on any problem."""
    file = Path(path)
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise HostConfigError(f"{file}: cannot read the host configuration: {exc.strerror}") from None
    return parse_host_config(data, source=str(file), base_dir=file.parent)


def parse_host_config(
    data: bytes | str, *, source: str = "<Configuration.xml>", base_dir: Path | None = None
) -> HostConfig:
    """Parse the XML text of a ``Configuration.xml`` (``source`` names it in errors)."""
    reader = _Reader(source)
    try:
        root = xmlsafe.parse_bytes(data, source=source)
    except xmlsafe.UnsafeXMLError as exc:
        raise HostConfigError(str(exc)) from None
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or 0
        raise HostConfigError(f"{source}:{line}: the file is not well-formed XML: {exc.msg}") from None
    if root.tag != "Configuration":
        raise reader.error(root, f"the root element must be <Configuration>, not <{root.tag}>")
    connectors_el = reader.child(root, "Connectors")
    connectors = tuple(_connector(reader, el, base_dir) for el in connectors_el.findall("Connector"))
    if not connectors:
        raise reader.error(connectors_el, "<Connectors> holds no <Connector>; add at least one")
    seen: set[str] = set()
    for connector in connectors:
        if connector.name in seen:
            raise HostConfigError(
                f"{source}:{connector.line}: two connectors are named {connector.name!r}; "
                "names must be unique"
            )
        seen.add(connector.name)
    port, thumbprint = DEFAULT_PORT, None
    setting = root.find("Setting")
    if setting is not None:
        port_el = setting.find("Port")
        if port_el is not None and (port_el.text or "").strip():
            port = reader.integer(port_el, port_el.text, minimum=1)
            if port > 65535:
                raise reader.error(port_el, f"<Port> must be at most 65535, not {port}")
        thumbprint = reader.text(setting, "Certificate", "") or None
    return HostConfig(
        connectors=connectors,
        port=port,
        certificate_thumbprint=thumbprint,
        source=Path(source) if base_dir else None,
    )


def _connector(reader: _Reader, el: etree._Element, base_dir: Path | None) -> ConnectorConfig:
    ecma = reader.child(el, "ECMAConfig")
    name_el = reader.child(ecma, "ProfileName")
    name = (name_el.text or "").strip()
    if not _NAME_PATTERN.match(name):
        raise reader.error(
            name_el,
            f"connector name {name!r} must be 1-64 letters, digits, '-' or '_' "
            "(it becomes /ecma2host_<name>/scim)",
        )
    timer_el = ecma.find("AutosyncTimer")
    autosync = DEFAULT_AUTOSYNC_MINUTES
    if timer_el is not None and (timer_el.text or "").strip():
        autosync = reader.integer(timer_el, timer_el.text, minimum=1)
    config_el = reader.child(el, "ConnectorConfig")
    params_el = config_el.find("Parameters")
    parameters = (
        tuple(_parameter(reader, p) for p in params_el.findall("Parameter")) if params_el is not None else ()
    )
    schema_el = reader.child(el, "Schema")
    entry_schema = _entry_schema(reader, schema_el)
    capabilities = _capabilities(reader, parameters, config_el)
    return ConnectorConfig(
        name=name,
        entry_schema=entry_schema,
        autosync_minutes=autosync,
        secret_token=reader.text(ecma, "SecretToken", "") or "",
        library_name=reader.text(ecma, "LibraryName", "") or "",
        validated=reader.boolean(ecma, "Validated", True),
        capabilities=capabilities,
        run_configurations=_run_configurations(reader, config_el),
        parameters=parameters,
        web_service=_web_service(reader, parameters, params_el, base_dir),
        line=el.sourceline or 0,
    )


def _parameter(reader: _Reader, el: etree._Element) -> Parameter:
    name = reader.text(el, "Name")
    if not name:
        raise reader.error(el, "<Parameter> has an empty <Name>")
    return Parameter(
        name=name,
        use=reader.text(el, "Use", "Global") or "Global",
        value=reader.text(el, "Value", "") or "",
        type=reader.text(el, "Type", "String") or "String",
        encrypted=reader.boolean(el, "Encrypted", False),
        line=el.sourceline or 0,
    )


def _capabilities(
    reader: _Reader, parameters: tuple[Parameter, ...], config_el: etree._Element
) -> Capabilities:
    values: dict[str, object] = {}
    by_name = {p.name: p for p in parameters if p.use == "Capabilities"}
    for param_name, field_name in _CAPABILITY_FLAGS.items():
        if param_name in by_name:
            values[field_name] = _param_bool(reader, config_el, by_name[param_name])
    for param_name, field_name in _CAPABILITY_CHOICES.items():
        if param_name in by_name and by_name[param_name].value:
            values[field_name] = by_name[param_name].value
    if values.get("export_type", "ObjectReplace") != "ObjectReplace":
        param = by_name["Export Type"]
        raise HostConfigError(
            f"{reader.source}:{param.line}: Export Type {param.value!r} is not supported; "
            "ECMA2Host's web services connector exports with ObjectReplace"
        )
    return Capabilities(**values)  # type: ignore[arg-type]


def _param_bool(reader: _Reader, anchor_el: etree._Element, param: Parameter) -> bool:
    value = param.value.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise HostConfigError(
        f"{reader.source}:{param.line}: parameter {param.name!r} must be 1 or 0, not {param.value!r}"
    )


def _run_configurations(reader: _Reader, config_el: etree._Element) -> tuple[RunConfiguration, ...]:
    result = []
    runs = config_el.find("RunConfigurations")
    for run in runs.findall("RunConfiguration") if runs is not None else ():
        name = reader.text(run, "Name")
        page_size = DEFAULT_PAGE_SIZE
        for param in run.iter("Parameter"):
            if (param.findtext("Name") or "").strip() in _PAGE_SIZE_PARAMETERS:
                value_el = param.find("Value")
                page_size = reader.integer(
                    value_el if value_el is not None else param, param.findtext("Value"), minimum=1
                )
        result.append(RunConfiguration(name=name or "", page_size=page_size))
    return tuple(result)


def _entry_schema(reader: _Reader, schema_el: etree._Element) -> EntrySchema:
    entries_el = reader.child(schema_el, "EntriesSchema")
    entries = entries_el.findall("EntrySchema")
    if not entries:
        raise reader.error(
            entries_el, "<EntriesSchema> holds no <EntrySchema>; add the object type (e.g. User)"
        )
    if len(entries) > 1:
        raise reader.error(
            entries[1], "ECMA2Host serves one object type per connector; keep one <EntrySchema>"
        )
    el = entries[0]
    attrs_el = reader.child(el, "SchemaAttributes")
    attributes = tuple(_attribute(reader, a) for a in attrs_el.findall("AttributeSchema"))
    anchors = [a for a in attributes if a.is_anchor]
    if len(anchors) != 1:
        raise reader.error(
            attrs_el,
            f"exactly one attribute must have <IsAnchor>true</IsAnchor>, found {len(anchors)}"
            " (ECMA2Host supports neither a missing nor a complex anchor)",
        )
    names = [a.name for a in attributes]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise reader.error(attrs_el, f"attribute(s) listed twice: {', '.join(duplicates)}")
    object_type = reader.text(el, "ObjectType")
    if not object_type:
        raise reader.error(el, "<ObjectType> is empty; name the target object type (e.g. User)")
    deprovisioning = _deprovisioning(reader, el.find("DeprovisioningModel"), attributes)
    return EntrySchema(
        external_name=reader.text(el, "ExternalName", "User") or "User",
        object_type=object_type,
        attributes=attributes,
        is_dn_autogenerated=reader.boolean(el, "IsDNAutogenerated", True),
        deprovisioning=deprovisioning,
    )


def _attribute(reader: _Reader, el: etree._Element) -> AttributeSchema:
    name = reader.text(el, "Name") or ""
    if not name or "." in name or "[" in name:
        raise reader.error(
            el, f"attribute name {name!r} is empty or contains '.' or '[', which ECMA2Host refuses"
        )
    data_type = reader.text(el, "DataType", "String") or "String"
    if data_type not in DATA_TYPES:
        raise reader.error(
            el, f"attribute {name!r} has DataType {data_type!r}; use one of {', '.join(DATA_TYPES)}"
        )
    if data_type in ("Binary", "Reference"):
        raise reader.error(
            el, f"attribute {name!r}: ECMA2Host does not support {data_type} attributes; remove it"
        )
    multivalued = reader.boolean(el, "Multivalued", False) and not reader.boolean(
        el, "TreatAsSingleValue", False
    )
    if multivalued:
        raise reader.error(
            el, f"attribute {name!r} is multivalued; ECMA2Host does not support multivalued attributes"
        )
    return AttributeSchema(
        name=name,
        data_type=data_type,
        is_anchor=reader.boolean(el, "IsAnchor", False),
        is_dn=reader.boolean(el, "IsDN", False),
        is_query=reader.boolean(el, "IsQueryAttribute", False),
        is_deprovisioning=reader.boolean(el, "IsDeprovisioningAttribute", False),
        multivalued=False,
    )


def _deprovisioning(
    reader: _Reader, el: etree._Element | None, attributes: tuple[AttributeSchema, ...]
) -> DeprovisioningModel:
    if el is None:
        return DeprovisioningModel()
    soft_raw = reader.text(el, "SoftDelete", "None") or "None"
    hard_raw = reader.text(el, "HardDelete", "TreatAsHard") or "TreatAsHard"
    disable = _DISABLE_FLOWS.get(soft_raw.lower())
    if disable is None:
        raise reader.error(
            el.find("SoftDelete"),
            f"<SoftDelete> {soft_raw!r} is unknown; use None, Delete or SetAttributeValue",
        )
    delete = _DELETE_FLOWS.get(hard_raw.lower())
    if delete is None:
        raise reader.error(
            el.find("HardDelete"), f"<HardDelete> {hard_raw!r} is unknown; use None or TreatAsHard"
        )
    soft_attr = reader.text(el, "SoftDeleteStatusAttribute", "") or None
    if disable is DisableFlow.SET_ATTRIBUTE:
        if soft_attr is None:
            flagged = [a.name for a in attributes if a.is_deprovisioning]
            soft_attr = flagged[0] if flagged else None
        target = next((a for a in attributes if a.name == soft_attr), None)
        if target is None or target.data_type != "Boolean":
            raise reader.error(
                el,
                "the SetAttributeValue disable flow needs <SoftDeleteStatusAttribute> naming "
                "a Boolean attribute "
                f"of the schema (got {soft_attr!r})",
            )
    return DeprovisioningModel(
        disable_flow=disable,
        delete_flow=delete,
        soft_delete_status_attribute=soft_attr,
        hard_delete_status_attribute=reader.text(el, "HardDeleteStatusAttribute", "") or None,
    )


_WEB_SERVICE_PARAMETERS = {
    "Web Service Project": "project",
    "Host": "host",
    "Security Mode": "security_mode",
    "Client Credential Type": "client_credential_type",
    "User Name": "user_name",
    "Password": "password",
    "Data Source Server Time Zone": "time_zone",
    "Data Source Server Date Format": "date_format",
}


def _web_service(
    reader: _Reader,
    parameters: tuple[Parameter, ...],
    params_el: etree._Element | None,
    base_dir: Path | None,
) -> WebServiceSettings:
    values: dict[str, object] = {}
    for param in parameters:
        field_name = _WEB_SERVICE_PARAMETERS.get(param.name)
        if field_name and param.value:
            values[field_name] = param.value
        if param.name == "Port" and param.use == "Connectivity" and param.value:
            try:
                values["port"] = int(param.value)
            except ValueError:
                raise HostConfigError(
                    f"{reader.source}:{param.line}: parameter 'Port' must be a whole number, "
                    f"not {param.value!r}"
                ) from None
    project = values.get("project")
    if isinstance(project, str) and base_dir is not None and not Path(project).is_absolute():
        values["project"] = str((base_dir / project).resolve())
    return WebServiceSettings(**values)  # type: ignore[arg-type]
