"""Service ports: the SOAP (zeep) and REST (requests) adapters the workflow engine calls through."""

from connector.calls.ports import TemplatePorts

__all__ = ["TemplatePorts"]
