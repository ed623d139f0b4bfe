"""The workflow engine: runs a template's workflows over the abstract service ports of
:mod:`connector.service_ports` (:class:`~connector.workflow.backend.WorkflowBackend`, the
``ConnectorBackend`` the SCIM host calls once :mod:`connector.host.wiring` has plugged the
concrete ports in)."""
