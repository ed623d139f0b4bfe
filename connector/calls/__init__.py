"""Service ports: the SOAP (zeep) and REST (requests) adapters that implement
:class:`connector.service_ports.ServicePorts`; the host wires them into the workflow engine."""

from connector.calls.ports import TemplatePorts

__all__ = ["TemplatePorts"]
