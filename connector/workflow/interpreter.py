"""The interpreter: executes a workflow's activities over a :class:`ServicePorts`.

I/O-free apart from the port. Loops are bounded, the run has a time budget, every activity
and call lands in a trace (call arguments redacted), and failures name the workflow file,
line and activity.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from connector.backend import SUCCESS, ImportedEntry, TargetUnavailableError, TraceEvent
from connector.service_ports import CallArgumentError, ServicePorts
from connector.template import model as m
from connector.template.expressions import Evaluator, ExpressionError
from connector.workflow.errors import WorkflowError, WorkflowLimitError, WorkflowThrownError
from connector.workflow.redaction import Redactor
from provlab.clock import SYSTEM_CLOCK, Clock

log = logging.getLogger("connector.workflow")
DEFAULT_RETRY_AFTER = 30
# what MIM hands every workflow; shared workflows see these too
MIM_ARGUMENTS = ("customData", "additionalParameters", "objectToExport", "schemaType", "importedEntries")
LOG_LEVELS = {
    "debug": logging.DEBUG,
    "info": logging.INFO,
    "warning": logging.WARNING,
    "error": logging.ERROR,
}


@dataclass(frozen=True)
class RunLimits:
    """Bounds that keep a faulty template from running forever."""

    max_loop_iterations: int = 10_000
    time_budget_seconds: float = 600.0
    max_trace_events: int = 50_000
    max_parallel: int = 8
    max_invoke_depth: int = 16  # nesting of shared workflows (the validator already refuses cycles)


@dataclass
class RunOutcome:
    """What a run produced: imported entries and/or an export status, plus the trace."""

    entries: list[ImportedEntry] = field(default_factory=list)
    import_status: str = SUCCESS
    import_messages: list[str] = field(default_factory=list)
    export_status: str | None = None
    export_message: str = ""
    export_anchor: str | None = None
    custom_data: dict[str, Any] = field(default_factory=dict)
    trace: list[TraceEvent] = field(default_factory=list)


class _Return(Exception):  # noqa: N818 - control flow, not an error
    """Raised by ``Return`` to unwind to the end of the workflow."""


def _tag(activity: m.Activity) -> str:
    return type(activity).__name__


class _Run:
    """The state of one run (shared by the iterations of a parallel ForEach, except the scope)."""

    def __init__(
        self,
        interpreter: Interpreter,
        workflow: m.Workflow | m.SharedWorkflow,
        object_type: m.ObjectType,
        scope: dict[str, Any],
        outcome: RunOutcome,
        deadline: float,
        lock: threading.Lock,
        redactor: Redactor,
        depth: int = 0,
    ) -> None:
        self.interpreter = interpreter
        self.workflow = workflow
        self.object_type = object_type
        self.scope = scope
        self.outcome = outcome
        self.deadline = deadline
        self.lock = lock
        self.redactor = redactor
        self.depth = depth
        self.entries = outcome.entries  # where CreateCSEntryChange appends (private in parallel iterations)
        self.evaluator = Evaluator(scope, clock=interpreter.clock)

    def fork(
        self, scope: dict[str, Any], workflow: m.Workflow | m.SharedWorkflow | None = None, depth: int = 0
    ) -> _Run:
        return _Run(
            self.interpreter,
            workflow or self.workflow,
            self.object_type,
            scope,
            self.outcome,
            self.deadline,
            self.lock,
            self.redactor,
            self.depth + depth,
        )

    # helpers -----------------------------------------------------------------------------------
    def eval(self, expression: m.Expression | None, activity: m.Activity, default: Any = None) -> Any:
        if expression is None:
            return default
        try:
            return self.evaluator.evaluate(expression.source)
        except ExpressionError as exc:
            raise WorkflowError(expression.location, _tag(activity), str(exc)) from None

    def trace(self, event: TraceEvent) -> TraceEvent:
        with self.lock:
            trace = self.outcome.trace
            limit = self.interpreter.limits.max_trace_events
            if len(trace) < limit:
                trace.append(event)
            elif len(trace) == limit:
                trace.append(TraceEvent("trace", "truncated", {"after": limit}))
        return event

    def check_budget(self, activity: m.Activity) -> None:
        if self.interpreter.monotonic() > self.deadline:
            budget = self.interpreter.limits.time_budget_seconds
            raise WorkflowLimitError(
                activity.location, _tag(activity), f"the run exceeded its {budget:g} s time budget"
            )

    def loop_guard(self, activity: m.Activity, iteration: int) -> None:
        limit = self.interpreter.limits.max_loop_iterations
        if iteration > limit:
            raise WorkflowLimitError(
                activity.location,
                _tag(activity),
                f"loop ran more than {limit} iterations (max_loop_iterations)",
            )

    def assign(self, target: str, value: Any, activity: m.Activity) -> None:
        head, *path = target.split(".")
        if not path:
            self.scope[head] = value
            return
        holder = self.scope.get(head)
        for part in path[:-1]:
            holder = holder.get(part) if isinstance(holder, dict) else None
        if not isinstance(holder, dict):
            raise WorkflowError(
                activity.location, "Assign", f"cannot assign {target!r}: {head!r} is not a structure"
            )
        holder[path[-1]] = value

    def build(self, node: m.ValueNode, activity: m.Activity) -> Any:
        """The value of a call argument: an expression, a structure, or table rows."""
        if node.value is not None:
            return self.eval(node.value, activity)
        if node.rows:
            return [{f.name: self.build(f, activity) for f in row} for row in node.rows]
        if node.fields:
            return {f.name: self.build(f, activity) for f in node.fields}
        return None

    # execution ---------------------------------------------------------------------------------
    def execute(self, activities: Iterable[m.AnyActivity]) -> None:
        for activity in activities:
            self.check_budget(activity)
            event = self.trace(TraceEvent("activity", _tag(activity), {"at": str(activity.location)}))
            started = time.perf_counter()
            try:
                _HANDLERS[type(activity)](self, activity)
            finally:
                event.duration_ms = round((time.perf_counter() - started) * 1000, 3)

    def sequence(self, a: m.Sequence) -> None:
        self.execute(a.body)

    def do_assign(self, a: m.Assign) -> None:
        self.assign(a.to, self.eval(a.value, a), a)

    def do_if(self, a: m.If) -> None:
        self.execute(a.then if self.eval(a.condition, a) else a.otherwise)

    def do_while(self, a: m.While) -> None:
        iteration = 0
        while self.eval(a.condition, a):
            iteration += 1
            self.loop_guard(a, iteration)
            self.execute(a.body)

    def do_do_while(self, a: m.DoWhile) -> None:
        iteration = 0
        while True:
            iteration += 1
            self.loop_guard(a, iteration)
            self.execute(a.body)
            if not self.eval(a.condition, a):
                return

    def do_for_each(self, a: m.ForEach) -> None:
        items = self.eval(a.items, a)
        if items is None:
            return
        if isinstance(items, Mapping) or not isinstance(items, Iterable) or isinstance(items, str):
            raise WorkflowError(
                a.items.location, "ForEach", f"items must be a list, got {type(items).__name__}"
            )
        items = list(items)
        self.loop_guard(a, len(items))
        workers = min(a.parallel, self.interpreter.limits.max_parallel)
        if workers <= 1 or len(items) <= 1:
            for item in items:
                self.scope[a.var] = item
                self.execute(a.body)
            return

        def iteration(item: Any) -> list[ImportedEntry]:
            # each parallel iteration sees a copy of the variables (assignments stay local) and
            # collects its entries apart, so the run's entries keep the order of the items
            child = self.fork({**self.scope, a.var: item})
            child.entries = []
            try:
                child.execute(a.body)
            except _Return:
                pass
            return child.entries

        with ThreadPoolExecutor(workers, thread_name_prefix="workflow-foreach") as pool:
            for entries in pool.map(iteration, items):
                with self.lock:
                    self.entries.extend(entries)

    def do_paginate(self, a: m.Paginate) -> None:
        page_size = self.eval(a.page_size, a)
        index = 0
        while True:
            self.loop_guard(a, index + 1)
            self.scope.update(pageSize=page_size, pageIndex=index, offset=index * (page_size or 0))
            self.execute(a.body)
            if not self.eval(a.more, a):
                return
            index += 1

    def do_try_catch(self, a: m.TryCatch) -> None:
        kinds: tuple[type[Exception], ...] = {
            "thrown": (WorkflowThrownError,),
            "target": (TargetUnavailableError,),
            "any": (WorkflowThrownError, TargetUnavailableError),
        }[a.catch_kind]
        try:
            self.execute(a.body)
        except kinds as exc:
            if not a.has_catch:
                raise
            if isinstance(exc, TargetUnavailableError):
                self.scope[a.catch_var] = {"message": exc.message, "kind": exc.kind}
            else:
                self.scope[a.catch_var] = {"message": exc.message, "kind": "thrown"}
            self.execute(a.catch)
        finally:
            self.execute(a.final)

    def do_throw(self, a: m.Throw) -> None:
        message = str(self.eval(a.message, a, ""))
        if a.kind != "target":
            raise WorkflowThrownError(a.location, "Throw", message)
        retry_after = self.eval(a.retry_after, a, DEFAULT_RETRY_AFTER)
        try:
            seconds = int(retry_after)
        except (TypeError, ValueError):
            seconds = -1
        if seconds < 0:
            raise WorkflowError(
                a.location, "Throw", f"retryAfter must be a whole number of seconds, got {retry_after!r}"
            )
        raise TargetUnavailableError(self.redactor.text(message), kind="thrown", retry_after=seconds)

    def do_log(self, a: m.Log) -> None:
        message = self.redactor.text(str(self.eval(a.message, a, "")))
        self.trace(TraceEvent("log", a.tag or a.level, {"level": a.level, "message": message}))
        log.log(LOG_LEVELS[a.level], "[%s] %s (%s)", a.tag, message, a.location)

    def do_web_service_call(self, a: m.WebServiceCall) -> None:
        arguments = {arg.name: self.build(arg, a) for arg in a.arguments}
        self._call(
            a,
            f"{a.service}/{a.endpoint}/{a.operation}",
            arguments,
            lambda: self.interpreter.ports.call_soap(a.service, a.endpoint, a.operation, arguments),
        )

    def do_rest_call(self, a: m.RestCall) -> None:
        parameters = {p.name: self.build(p, a) for p in a.parameters}
        body = self.build(a.payload, a) if a.payload is not None else None
        # url: a link to follow (it replaces the path and query parameters); None or "" = no link,
        # so one RestCall serves the first page (parameters) and the next ones (the "next" link)
        url = self.eval(a.url, a) or None
        if url is not None and not isinstance(url, str):
            raise WorkflowError(a.url.location, "RestCall", f"url must be a text (a URL), got {url!r}")
        arguments = {"parameters": parameters, "body": body} | ({"url": url} if url else {})
        self._call(
            a,
            f"{a.service}/{a.resource}/{a.method}",
            arguments,
            lambda: self.interpreter.ports.call_rest(
                a.service, a.resource, a.method, parameters, body, url=url
            ),
        )

    def _call(
        self, a: m.WebServiceCall | m.RestCall, name: str, arguments: Any, call: Callable[[], Any]
    ) -> None:
        detail: dict[str, Any] = {"at": str(a.location), "arguments": self.redactor.data(arguments)}
        event = self.trace(TraceEvent("call", name, detail))
        started = time.perf_counter()
        try:
            result = call()
        except TargetUnavailableError as exc:
            detail["error"] = self.redactor.text(exc.message)
            raise
        except CallArgumentError as exc:
            raise WorkflowError(a.location, _tag(a), self.redactor.text(str(exc))) from None
        finally:
            event.duration_ms = round((time.perf_counter() - started) * 1000, 3)
        if a.result:
            self.scope[a.result] = result

    def do_create_cs_entry_change(self, a: m.CreateCSEntryChange) -> None:
        object_type = a.object_type or self.workflow.object_type
        anchor = self.eval(a.anchor, a)
        if anchor is None or str(anchor) == "":
            raise WorkflowError(a.location, "CreateCSEntryChange", "the anchor evaluated to an empty value")
        attributes: dict[str, Any] = {}
        for change in a.changes:
            if change.values:
                value: Any = [v for v in (self.eval(x, a) for x in change.values) if v not in (None, "")]
            else:
                value = self.eval(change.value, a)
            if value is None or value == "" or value == []:
                continue  # MIM adds no attribute change for an empty value
            attributes[change.name] = value
        modification = a.modification
        if a.modification_expr is not None:
            modification = self.eval(a.modification_expr, a)
            if modification not in m.MODIFICATIONS:
                raise WorkflowError(
                    a.modification_expr.location,
                    "CreateCSEntryChange",
                    f"modification must be one of {', '.join(m.MODIFICATIONS)}, got {modification!r}",
                )
        entry = ImportedEntry(object_type, str(anchor), attributes, modification)
        with self.lock:
            self.entries.append(entry)

    def do_set_import_status(self, a: m.SetImportStatus) -> None:
        message = str(self.eval(a.message, a, ""))
        with self.lock:
            if a.code != SUCCESS:
                self.outcome.import_status = a.code
            if message:
                self.outcome.import_messages.append(message)
        self.trace(TraceEvent("status", a.code, {"message": self.redactor.text(message)}))

    def do_set_export_status(self, a: m.SetExportStatus) -> None:
        message = str(self.eval(a.message, a, ""))
        anchor = self.eval(a.anchor, a)
        with self.lock:
            self.outcome.export_status = a.code
            self.outcome.export_message = message
            if anchor not in (None, ""):
                self.outcome.export_anchor = str(anchor)
        self.trace(TraceEvent("status", a.code, {"message": self.redactor.text(message)}))

    def do_return(self, a: m.Return) -> None:
        raise _Return()

    def do_invoke(self, a: m.Invoke) -> None:
        shared = self.interpreter.shared.get((self.workflow.object_type, a.workflow))
        if shared is None:  # the validator reports it; a hand-built model may still lack it
            raise WorkflowError(a.location, "Invoke", f"there is no shared workflow {a.workflow!r}")
        if self.depth >= self.interpreter.limits.max_invoke_depth:
            limit = self.interpreter.limits.max_invoke_depth
            raise WorkflowLimitError(a.location, "Invoke", f"shared workflows nest deeper than {limit}")
        # the piece sees MIM's arguments and its own, never the caller's variables
        scope = {name: self.scope.get(name) for name in MIM_ARGUMENTS}
        scope.update({p.name: None for p in shared.parameters})
        scope.update({arg.name: self.build(arg, a) for arg in a.arguments})
        scope["result"] = None
        child = self.fork(scope, shared, depth=1)
        child.entries = self.entries
        try:
            child.execute(shared.body)
        except _Return:
            pass
        if a.result:
            self.scope[a.result] = scope.get("result")


_HANDLERS: dict[type, Callable[[_Run, Any], None]] = {
    m.Sequence: _Run.sequence,
    m.Assign: _Run.do_assign,
    m.If: _Run.do_if,
    m.While: _Run.do_while,
    m.DoWhile: _Run.do_do_while,
    m.ForEach: _Run.do_for_each,
    m.Paginate: _Run.do_paginate,
    m.TryCatch: _Run.do_try_catch,
    m.Throw: _Run.do_throw,
    m.Log: _Run.do_log,
    m.WebServiceCall: _Run.do_web_service_call,
    m.RestCall: _Run.do_rest_call,
    m.CreateCSEntryChange: _Run.do_create_cs_entry_change,
    m.SetImportStatus: _Run.do_set_import_status,
    m.SetExportStatus: _Run.do_set_export_status,
    m.Return: _Run.do_return,
    m.Invoke: _Run.do_invoke,
}


class Interpreter:
    """Runs workflows of one template over ``ports`` within ``limits``."""

    def __init__(
        self,
        ports: ServicePorts,
        *,
        limits: RunLimits | None = None,
        clock: Clock = SYSTEM_CLOCK,
        monotonic: Callable[[], float] = time.monotonic,
        shared: Mapping[tuple[str, str], m.SharedWorkflow] | None = None,
    ) -> None:
        self.ports = ports
        self.shared = dict(shared or {})
        self.limits = limits or RunLimits()
        self.clock = clock
        self.monotonic = monotonic

    def run(
        self,
        workflow: m.Workflow,
        object_type: m.ObjectType,
        variables: Mapping[str, Any],
        *,
        secrets: Iterable[str] = (),
    ) -> RunOutcome:
        """Run ``workflow`` with MIM's arguments in ``variables``; WorkflowError if it fails.

        ``secrets`` (this run's passwords) are masked wherever they appear in the trace."""
        outcome = RunOutcome()
        scope: dict[str, Any] = {
            "customData": {},
            "additionalParameters": {},
            "objectToExport": None,
            "schemaType": SchemaTypeView(object_type),
        }
        scope.update(variables)
        scope["importedEntries"] = outcome.entries
        outcome.custom_data = scope["customData"]
        deadline = self.monotonic() + self.limits.time_budget_seconds
        run = _Run(self, workflow, object_type, scope, outcome, deadline, threading.Lock(), Redactor(secrets))
        started = time.perf_counter()
        try:
            run.execute(workflow.body)
        except _Return:
            pass
        except WorkflowError as exc:
            exc.trace = outcome.trace
            raise
        finally:
            duration = round((time.perf_counter() - started) * 1000, 3)
            run.trace(
                TraceEvent(
                    "workflow",
                    f"{workflow.object_type}/{workflow.operation}",
                    {"file": workflow.file},
                    duration,
                )
            )
        return outcome


class SchemaTypeView:
    """``schemaType`` inside expressions: the object type's name, anchor and attribute names."""

    def __init__(self, object_type: m.ObjectType) -> None:
        self.name = object_type.name
        self.anchor = object_type.anchor
        self.attributes = [a for a in object_type.attributes if a != m.EXPORT_PASSWORD]
