"""A real ECMA Connector Host: the ECMA2Host SCIM endpoint in front, a generic web services
connector behind it that runs a template's workflows against SOAP and REST services.

Contains no SAP or BAPI name: everything target-specific lives in templates."""
