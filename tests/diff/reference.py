"""The Python side of the differential suites: Jinja2's SandboxedEnvironment renders templates and
CPython evaluates conditions the way crier's contract describes (Frappe's `_dict`, restricted
builtins, Frappe helpers, compile-time name and underscore checks).

A reference result that could not be compared byte for byte (object addresses, set order, values
with no JSON form) raises CaseError: such a case is a mistake in the corpus, not an engine bug.
"""
import ast
import builtins
import datetime
import json
import re
import signal
from dataclasses import dataclass

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from frappe_utils import Helpers

REFERENCE_SECONDS = 10  # a case whose reference takes longer is a corpus mistake


class CaseError(Exception):
    """The case cannot be compared deterministically; fix the case."""


@dataclass
class Outcome:
    output: str | None = None  # rendered text, or the JSON line of an evaluated condition
    error: str | None = None  # Python exception class name
    message: str = ""

    @property
    def ok(self):
        return self.error is None

    def describe(self):
        if self.ok:
            return json.dumps(self.output, ensure_ascii=False)
        return f"error {self.error}: {self.message}"


UNDEFINED = {
    "default": jinja2.Undefined,
    "debug": jinja2.DebugUndefined,
    "strict": jinja2.StrictUndefined,
    "chainable": jinja2.ChainableUndefined,
}

_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


class _Timeout(Exception):
    pass


def _on_alarm(signum, frame):
    raise _Timeout()


def _guarded(fn):
    """Runs fn under an alarm so that a runaway reference case cannot stall the suite."""
    old = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, REFERENCE_SECONDS)
    try:
        return fn()
    except _Timeout:
        raise CaseError(f"the Python reference took more than {REFERENCE_SECONDS} s") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _failure(e):
    return Outcome(error=type(e).__name__, message=str(e).split("\n")[0][:300])


# ---------------------------------------------------------------------------------------------
# Templates


def make_environment(options, templates=None):
    return SandboxedEnvironment(
        undefined=UNDEFINED[options.get("undefined", "default")],
        trim_blocks=bool(options.get("trim_blocks")),
        lstrip_blocks=bool(options.get("lstrip_blocks")),
        keep_trailing_newline=bool(options.get("keep_trailing_newline")),
        autoescape=bool(options.get("autoescape")),
        loader=jinja2.DictLoader(templates) if templates is not None else None,
    )


def render(source, context, options, templates=None):
    """Renders like `crier render`; returns an Outcome."""

    def run():
        try:
            env = make_environment(options, templates)
            text = env.from_string(source).render(context)
        except (CaseError, _Timeout):
            raise
        except RecursionError as e:
            raise CaseError(f"the Python reference hit {type(e).__name__}") from None
        except Exception as e:  # every Jinja and Python error class is a comparable outcome
            return _failure(e)
        if _ADDRESS.search(text):
            raise CaseError(f"output shows an object address: {text[:120]!r}")
        return Outcome(output=text)

    return _guarded(run)


# ---------------------------------------------------------------------------------------------
# Conditions


class _dict(dict):
    """frappe._dict: a missing attribute reads as None; dict methods are found first."""

    __getattr__ = dict.get

    def __setattr__(self, key, value):
        self[key] = value


BUILTIN_NAMES = "int float round len str bool abs min max sum any all sorted".split()
_BUILTINS = {name: getattr(builtins, name) for name in BUILTIN_NAMES}  # True/False/None are keywords


def load_context(context_json, object_hook=None):
    return json.loads(context_json, object_hook=object_hook) if context_json else {}


class _NameChecker(ast.NodeVisitor):
    """crier compiles a condition before evaluating it: names and attributes starting with an
    underscore (except `_` itself, which Frappe's RestrictedPython allows too), lambda and walrus
    are SyntaxErrors, and a name that is neither a variable, a helper, a builtin nor bound by an
    enclosing comprehension is a NameError even where CPython would never evaluate it."""

    def __init__(self, known):
        self.scopes = [set(known)]
        self.error = None

    def _fail(self, cls, message):
        if self.error is None:
            self.error = (cls, message)

    def visit_Name(self, node):
        if node.id.startswith("_") and node.id != "_":
            self._fail(SyntaxError, f"name {node.id!r} starts with an underscore")
        elif isinstance(node.ctx, ast.Load) and not any(node.id in s for s in self.scopes):
            self._fail(NameError, f"name {node.id!r} is not defined")

    def visit_Attribute(self, node):
        if node.attr.startswith("_"):
            self._fail(SyntaxError, f"attribute {node.attr!r} starts with an underscore")
        self.generic_visit(node)

    def visit_Lambda(self, node):
        self._fail(SyntaxError, "lambda is not allowed")

    def visit_NamedExpr(self, node):
        self._fail(SyntaxError, "assignment expressions are not allowed")

    def _comprehension(self, node, elements):
        # The first iterable is evaluated in the enclosing scope; everything else sees the targets.
        generators = node.generators
        self.visit(generators[0].iter)
        self.scopes.append(set())
        for i, gen in enumerate(generators):
            if i:
                self.visit(gen.iter)
            for target in ast.walk(gen.target):
                if isinstance(target, ast.Name):
                    if target.id.startswith("_") and target.id != "_":
                        self._fail(SyntaxError, f"name {target.id!r} starts with an underscore")
                    self.scopes[-1].add(target.id)
            for cond in gen.ifs:
                self.visit(cond)
        for element in elements:
            self.visit(element)
        self.scopes.pop()

    def visit_ListComp(self, node):
        self._comprehension(node, [node.elt])

    visit_SetComp = visit_ListComp
    visit_GeneratorExp = visit_ListComp

    def visit_DictComp(self, node):
        self._comprehension(node, [node.key, node.value])


def _json_default(value):
    if isinstance(value, (set, frozenset)):
        if len(value) > 1:
            raise CaseError("the result is a set of several items: its order is not defined")
        return list(value)
    raise CaseError(f"the result is a {type(value).__name__}, which has no JSON form")


def condition_globals(context, now):
    helpers = Helpers(datetime.datetime.fromisoformat(now)).namespace()
    names = {"__builtins__": dict(_BUILTINS)}
    names.update(helpers)
    names["frappe"] = _dict(utils=_dict(helpers))
    names.update(context)
    return names


def evaluate(expression, context_json, now):
    """Evaluates like `crier eval`; returns an Outcome whose output is the JSON line."""

    def run():
        context = load_context(context_json, object_hook=_dict)
        names = condition_globals(context, now)
        try:
            tree = ast.parse(expression.lstrip(" \t"), mode="eval")
            checker = _NameChecker(set(names) | set(BUILTIN_NAMES))
            checker.visit(tree)
            if checker.error:
                cls, message = checker.error
                raise cls(message)
            value = eval(compile(tree, "<condition>", "eval"), names)
        except (CaseError, _Timeout):
            raise
        except RecursionError as e:
            raise CaseError(f"the Python reference hit {type(e).__name__}") from None
        except Exception as e:
            return _failure(e)
        try:
            text = json.dumps(value, ensure_ascii=False, default=_json_default)
        except (TypeError, ValueError) as e:
            raise CaseError(f"the result has no JSON form: {e}") from None
        return Outcome(output=text)

    return _guarded(run)


def run_case(case):
    """The reference Outcome of a Case (see case_format.py)."""
    if case.suite == "templates":
        return render(case.source, load_context(case.context_json), case.options, case.templates)
    return evaluate(case.source, case.context_json, case.now)
