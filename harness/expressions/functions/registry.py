"""The table of functions: each one's Graph parameter names, arity and implementation.

Function modules register themselves with :func:`register`; the parser checks arity
against this table and the Graph tree converter takes parameter keys from it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import NoReturn

from ..context import EvaluationContext
from ..errors import ExpressionEvaluationError
from ..nodes import Attribute, Node
from ..values import to_int, to_text


@dataclass
class Argument:
    """One supplied argument, evaluated on first use (IIF and Switch only evaluate what they need)."""

    node: Node
    thunk: Callable[[], object]
    _evaluated: bool = field(default=False, repr=False)
    _value: object = field(default=None, repr=False)

    @property
    def value(self) -> object:
        if not self._evaluated:
            self._value = self.thunk()
            self._evaluated = True
        return self._value

    @property
    def is_attribute(self) -> bool:
        return isinstance(self.node, Attribute)


@dataclass
class Invocation:
    """What a function implementation receives: its arguments and the evaluation context."""

    name: str
    args: tuple[Argument | None, ...]
    context: EvaluationContext
    attributes: Mapping[str, object]
    warn: Callable[[str], None]

    def present(self, index: int) -> bool:
        return index < len(self.args) and self.args[index] is not None

    def arg(self, index: int) -> Argument | None:
        return self.args[index] if index < len(self.args) else None

    def value(self, index: int) -> object:
        argument = self.arg(index)
        return None if argument is None else argument.value

    def text(self, index: int) -> str | None:
        return to_text(self.value(index), self.name)

    def integer(self, index: int, parameter: str) -> int:
        value = self.value(index)
        if value is None:
            self.fail(f"{parameter} is required and must be a whole number")
        return to_int(value, self.name, parameter)

    def fail(self, message: str) -> NoReturn:
        raise ExpressionEvaluationError(self.name, message)


Implementation = Callable[[Invocation], object]


@dataclass(frozen=True)
class FunctionSpec:
    """A documented function: ``params`` fixed in order, then an optional repeating group."""

    name: str
    params: tuple[str, ...]
    required: int
    impl: Implementation
    repeating: tuple[str, ...] = ()
    min_groups: int = 0
    top_level_only: bool = False
    optional: frozenset[str] = frozenset()
    summary: str = ""

    def may_omit(self, position: int) -> bool:
        """Whether the argument at ``position`` may be left empty, as in ``F(a, , c)``."""
        if position >= len(self.params):
            return False
        return position >= self.required or self.params[position] in self.optional

    def arity_problem(self, count: int) -> str | None:
        """Why ``count`` arguments are wrong for this function, or None when they fit."""
        fixed = len(self.params)
        if not self.repeating:
            if count < self.required:
                return f"needs at least {self.required} argument(s) ({', '.join(self.params)}), got {count}"
            if count > fixed:
                return f"takes at most {fixed} argument(s) ({', '.join(self.params) or 'none'}), got {count}"
            return None
        extra = count - fixed
        group = len(self.repeating)
        minimum = fixed + self.min_groups * group
        if count < minimum or (extra > 0 and extra % group):
            shape = ", ".join([*self.params, *(f"{p}1" for p in self.repeating), "…"])
            detail = f"; {' and '.join(self.repeating)} must come in pairs" if group > 1 else ""
            return f"expects ({shape}) with at least {minimum} argument(s){detail}, got {count}"
        return None

    def key_for(self, position: int) -> str:
        """The Graph parameter key of an argument position (``key1``, ``value1``, … when repeating)."""
        if position < len(self.params):
            return self.params[position]
        group = len(self.repeating) or 1
        offset = position - len(self.params)
        base = self.repeating[offset % group] if self.repeating else f"argument{position + 1}"
        return f"{base}{offset // group + 1}"

    def position_for(self, key: str) -> int | None:
        """Inverse of :meth:`key_for`, case-insensitive (exports differ in key casing)."""
        lowered = key.lower()
        for index, name in enumerate(self.params):
            if name.lower() == lowered:
                return index
        group = len(self.repeating)
        for slot, base in enumerate(self.repeating):
            prefix = base.lower()
            suffix = lowered[len(prefix) :]
            if lowered.startswith(prefix) and suffix.isdigit() and int(suffix) >= 1:
                return len(self.params) + (int(suffix) - 1) * group + slot
        return None


FUNCTIONS: dict[str, FunctionSpec] = {}


def register(
    name: str,
    params: tuple[str, ...] = (),
    *,
    required: int | None = None,
    repeating: tuple[str, ...] = (),
    min_groups: int = 0,
    top_level_only: bool = False,
    optional: tuple[str, ...] = (),
) -> Callable[[Implementation], Implementation]:
    """Class-free registration: ``@register("Append", ("source", "suffix"))`` above the implementation."""

    def decorate(impl: Implementation) -> Implementation:
        if name in FUNCTIONS:
            raise RuntimeError(f"function {name} registered twice")
        FUNCTIONS[name] = FunctionSpec(
            name=name,
            params=params,
            required=len(params) if required is None else required,
            impl=impl,
            repeating=repeating,
            min_groups=min_groups,
            top_level_only=top_level_only,
            optional=frozenset(optional),
            summary=(impl.__doc__ or "").strip().split("\n")[0],
        )
        return impl

    return decorate
