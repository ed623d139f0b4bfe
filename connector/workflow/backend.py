"""The workflow engine's ``ConnectorBackend``: runs a template's workflows over a ``ServicePorts``.

It hands each host request to the matching workflow with the arguments MIM passes
(``objectToExport``, ``schemaType``, ``customData``, ``importedEntries``,
``additionalParameters``; SetPassword also gets ``password``) and turns the run's
outcome into ``ImportResult`` / ``ExportResult``. Target failures surface as
``TargetUnavailableError``; a template bug surfaces as ``WorkflowError`` naming file and line.

The engine knows the service ports only as the :class:`connector.service_ports.ServicePorts`
protocol; the host wires the concrete ones in (:class:`connector.host.wiring.TemplateBackend`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from connector.backend import (
    EXPORT_ERROR_CUSTOM_CONTINUE_RUN,
    SUCCESS,
    ExportOperation,
    ExportResult,
    ImportResult,
)
from connector.service_ports import ServicePorts
from connector.template import model as m
from connector.workflow.errors import WorkflowThrownError
from connector.workflow.interpreter import Interpreter, RunLimits, RunOutcome
from provlab.clock import SYSTEM_CLOCK, Clock


class UnknownObjectTypeError(KeyError):
    """The host asked for an object type the template's schema does not define."""


class ExportObject:
    """``objectToExport`` inside workflows: the object's anchor, type and attribute values.

    ``get(name)`` returns the attribute's value; for the anchor attribute it falls back to the
    anchor itself (a Delete carries the anchor and no attributes)."""

    def __init__(self, object_type: m.ObjectType, anchor: str | None, attributes: Mapping[str, Any]) -> None:
        self.objectType = object_type.name  # noqa: N815 - MIM's name, as templates spell it
        self.anchor = anchor
        self.attributes = dict(attributes)
        self._anchor_attribute = object_type.anchor

    def get(self, name: str, default: Any = None) -> Any:
        value = self.attributes.get(name)
        if value is None and name == self._anchor_attribute:
            value = self.anchor
        return default if value is None else value

    def __getitem__(self, name: str) -> Any:
        return self.get(name)

    def __contains__(self, name: str) -> bool:
        return self.get(name) is not None


class WorkflowBackend:
    """A ``connector.backend.ConnectorBackend`` that runs ``template``'s workflows through ``ports``.

    ``password`` is the target's credential, masked in every trace of a run."""

    def __init__(
        self,
        template: m.Template,
        ports: ServicePorts,
        *,
        password: str | None = None,
        limits: RunLimits | None = None,
        clock: Clock = SYSTEM_CLOCK,
        monotonic: Callable[[], float] | None = None,
    ) -> None:
        self.template = template
        self._password = password
        extra = {"monotonic": monotonic} if monotonic is not None else {}
        self.interpreter = Interpreter(ports, limits=limits, clock=clock, shared=template.shared, **extra)

    # ConnectorBackend ------------------------------------------------------------------------------
    def object_types(self) -> list[str]:
        return list(self.template.schema.object_types)

    def full_import(
        self, object_type: str, *, additional_parameters: Mapping[str, Any] | None = None
    ) -> ImportResult:
        result = self._import(object_type, "FullImport", {}, additional_parameters)
        if result is None:
            raise UnknownObjectTypeError(f"the template has no FullImport workflow for {object_type}")
        return result

    def delta_import(
        self,
        object_type: str,
        custom_data: str | None,
        *,
        additional_parameters: Mapping[str, Any] | None = None,
    ) -> ImportResult | None:
        data = json.loads(custom_data) if custom_data else {}
        return self._import(
            object_type, "DeltaImport", data if isinstance(data, dict) else {}, additional_parameters
        )

    def export(
        self,
        object_type: str,
        operation: ExportOperation,
        anchor: str | None,
        attributes: Mapping[str, Any],
    ) -> ExportResult:
        ot = self._object_type(object_type)
        workflow = self._workflow(ot, operation)
        target = ExportObject(ot, anchor, attributes)
        secrets = [str(v) for k, v in attributes.items() if k == m.EXPORT_PASSWORD and v]
        if self._password:
            secrets.append(self._password)
        default_anchor = anchor or (str(attributes[ot.anchor]) if attributes.get(ot.anchor) else None)
        return self._export_result(workflow, ot, {"objectToExport": target}, secrets, default_anchor)

    def set_password(self, object_type: str, anchor: str, password: str) -> ExportResult:
        """Run the SetPassword workflow: ``objectToExport`` holds the anchor and ``export_password``,
        ``password`` the new password (masked in the trace like every secret of the run)."""
        ot = self._object_type(object_type)
        workflow = self.template.workflow(ot.name, "SetPassword")
        if workflow is None:
            return ExportResult(
                EXPORT_ERROR_CUSTOM_CONTINUE_RUN,
                f"the template cannot set passwords: it has no SetPassword workflow for {ot.name} "
                f'(add workflows/{ot.name}/SetPassword.xml and setPassword="true")',
                anchor,
            )
        attributes = {m.EXPORT_PASSWORD: password, **({ot.anchor: anchor} if ot.anchor else {})}
        variables = {"objectToExport": ExportObject(ot, anchor, attributes), "password": password}
        secrets = [password, self._password or ""]
        return self._export_result(workflow, ot, variables, secrets, anchor)

    def test_connection(self) -> ExportResult:
        for ot in self.template.schema.object_types.values():
            workflow = self.template.workflow(ot.name, "TestConnection")
            if workflow is not None:
                return self._export_result(workflow, ot, {}, [self._password or ""], None)
        return ExportResult(SUCCESS, "the template has no TestConnection workflow")

    # internals --------------------------------------------------------------------------------------
    def _object_type(self, name: str) -> m.ObjectType:
        ot = self.template.schema.object_types.get(name)
        if ot is None:
            known = ", ".join(self.template.schema.object_types)
            raise UnknownObjectTypeError(f"object type {name!r} is not in the template (known: {known})")
        return ot

    def _workflow(self, ot: m.ObjectType, operation: str) -> m.Workflow:
        workflow = self.template.workflow(ot.name, operation)
        if workflow is None:
            raise UnknownObjectTypeError(f"the template has no {operation} workflow for {ot.name}")
        return workflow

    def _import(
        self,
        object_type: str,
        operation: str,
        custom_data: dict[str, Any],
        additional_parameters: Mapping[str, Any] | None,
    ) -> ImportResult | None:
        ot = self._object_type(object_type)
        workflow = self.template.workflow(ot.name, operation)
        if workflow is None:
            return None
        variables = {"customData": custom_data, "additionalParameters": dict(additional_parameters or {})}
        outcome = self.interpreter.run(
            workflow, ot, variables, secrets=[self._password] if self._password else ()
        )
        return ImportResult(
            entries=outcome.entries,
            status=outcome.import_status,
            message="; ".join(outcome.import_messages),
            custom_data=json.dumps(outcome.custom_data, sort_keys=True, default=str)
            if outcome.custom_data
            else None,
            trace=outcome.trace,
        )

    def _export_result(
        self,
        workflow: m.Workflow,
        ot: m.ObjectType,
        variables: dict[str, Any],
        secrets: list[str],
        anchor: str | None,
    ) -> ExportResult:
        try:
            outcome = self.interpreter.run(workflow, ot, variables, secrets=[s for s in secrets if s])
        except WorkflowThrownError as exc:
            # an uncaught Throw is the template saying "this object failed": MIM reports it per
            # object and carries on with the run
            return ExportResult(EXPORT_ERROR_CUSTOM_CONTINUE_RUN, exc.message, anchor, exc.trace)
        return _export_from(outcome, anchor)


def _export_from(outcome: RunOutcome, anchor: str | None) -> ExportResult:
    return ExportResult(
        status=outcome.export_status or SUCCESS,
        message=outcome.export_message,
        anchor=outcome.export_anchor or anchor,
        trace=outcome.trace,
    )
