"""Entra attribute mappings: Graph schema JSON and a short YAML form, evaluation, validation."""

from .defaults import SAP_ECC_DOCUMENT, sap_ecc_mapping_set
from .errors import MappingError
from .evaluation import MappedValue, evaluate_mappings
from .graph_schema import mapping_set_from_graph, mapping_set_to_graph
from .loader import load_mapping_text, load_mappings
from .model import (
    ACTIONS,
    ECMA_USER_URN,
    FLOW_BEHAVIORS,
    FLOW_TYPES,
    MAPPING_TYPES,
    AttributeMapping,
    MappingSet,
)
from .schema_check import SchemaProblem, SchemasError, check_against_schemas
from .short_form import mapping_set_from_short, mapping_set_to_short

__all__ = [
    "ACTIONS",
    "ECMA_USER_URN",
    "FLOW_BEHAVIORS",
    "FLOW_TYPES",
    "MAPPING_TYPES",
    "SAP_ECC_DOCUMENT",
    "AttributeMapping",
    "MappedValue",
    "MappingError",
    "MappingSet",
    "SchemaProblem",
    "SchemasError",
    "check_against_schemas",
    "evaluate_mappings",
    "load_mapping_text",
    "load_mappings",
    "mapping_set_from_graph",
    "mapping_set_from_short",
    "mapping_set_to_graph",
    "mapping_set_to_short",
    "sap_ecc_mapping_set",
]
