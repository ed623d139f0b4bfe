"""The XSDs of the template file kinds (package data: discovery.xsd, schema.xsd, workflow.xsd)."""
