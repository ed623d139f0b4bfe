"""Spyne types for the SU_USER structures, generated from :mod:`simulator.sap.structures`.

Named the way SAP's own WSDLs name them: simple types ``char12``, ``numeric3``,
``date10``; structures by their dictionary names; tables as ``TABLE_OF_<STRUCTURE>``
holding ``item`` rows.
"""

from __future__ import annotations

from functools import cache

from spyne import ComplexModel, Integer32, Unicode

from simulator.sap import structures as s

NAMESPACE = "urn:sap-com:document:sap:rfc:functions"


@cache
def simple_type(kind: str, length: int, *, required: bool = False):
    """One named simple type per kind and length, shared by every field that uses it."""
    occurs = {"min_occurs": 1 if required else 0, "nillable": False}
    if kind == "int":
        return Integer32.customize(**occurs)
    common = {"__namespace__": NAMESPACE, **occurs}
    if kind == "date10":
        return Unicode(10, pattern=r"\d\d\d\d-\d\d-\d\d", type_name="date10", **common)
    if kind == "numc":
        return Unicode(length, pattern=r"\d*", type_name=f"numeric{length}", **common)
    return Unicode(length, type_name=f"char{length}", **common)


def structure(name: str, fields: tuple[s.Field, ...]) -> type[ComplexModel]:
    type_info = [(f.name, simple_type(f.kind, f.length)) for f in fields]
    return type(
        name, (ComplexModel,), {"__namespace__": NAMESPACE, "__type_name__": name, "_type_info": type_info}
    )


def table(row: type[ComplexModel]) -> type[ComplexModel]:
    name = f"TABLE_OF_{row.get_type_name()}"
    item = row.customize(min_occurs=0, max_occurs="unbounded", nillable=False)
    return type(
        name,
        (ComplexModel,),
        {"__namespace__": NAMESPACE, "__type_name__": name, "_type_info": [("item", item)]},
    )


BAPIADDR3 = structure("BAPIADDR3", s.BAPIADDR3)
BAPIADDR3X = structure("BAPIADDR3X", s.x_structure(s.BAPIADDR3))
BAPIUSCOMP = structure("BAPIUSCOMP", s.BAPIUSCOMP)
BAPIUSCOMX = structure("BAPIUSCOMX", s.x_structure(s.BAPIUSCOMP))
BAPIDEFAUL = structure("BAPIDEFAUL", s.BAPIDEFAUL)
BAPIDEFAX = structure("BAPIDEFAX", s.x_structure(s.BAPIDEFAUL))
BAPILOGOND = structure("BAPILOGOND", s.BAPILOGOND)
BAPILOGONX = structure("BAPILOGONX", s.x_structure(s.BAPILOGOND))
BAPIPWD = structure("BAPIPWD", s.BAPIPWD)
BAPIPWDX = structure("BAPIPWDX", s.x_structure(s.BAPIPWD))
BAPISLOCKD = structure("BAPISLOCKD", s.BAPISLOCKD)
BAPIAGR = structure("BAPIAGR", s.BAPIAGR)
BAPIUSSRGE = structure("BAPIUSSRGE", s.BAPIUSSRGE)
BAPIUSSEXP = structure("BAPIUSSEXP", s.BAPIUSSRGE)
BAPIUSNAME = structure("BAPIUSNAME", s.BAPIUSNAME)
BAPIRET2 = structure("BAPIRET2", s.BAPIRET2)

TABLE_OF_BAPIRET2 = table(BAPIRET2)
TABLE_OF_BAPIAGR = table(BAPIAGR)
TABLE_OF_BAPIUSSRGE = table(BAPIUSSRGE)
TABLE_OF_BAPIUSSEXP = table(BAPIUSSEXP)
TABLE_OF_BAPIUSNAME = table(BAPIUSNAME)

CHAR1 = simple_type("char", 1)
CHAR12 = simple_type("char", 12)
INT = simple_type("int", 0)


def to_dict(value: ComplexModel | None) -> dict[str, object]:
    """A received structure as a dict of the fields the client sent."""
    if value is None:
        return {}
    return {
        name: getattr(value, name)
        for name in value.get_flat_type_info(value.__class__)
        if getattr(value, name) is not None
    }


def rows_of(value: ComplexModel | None) -> list[dict[str, object]]:
    """A received table as a list of row dicts."""
    if value is None or not getattr(value, "item", None):
        return []
    return [to_dict(item) for item in value.item]
