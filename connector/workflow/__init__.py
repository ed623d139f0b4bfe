"""The workflow engine: runs a template's workflows over abstract service ports, and the
:class:`~connector.workflow.backend.TemplateBackend` the SCIM host calls."""
