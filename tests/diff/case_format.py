"""Reads the differential suites' case files: small, readable text files grouped by theme.

Format (one file per theme; `#` starts a comment line between cases):

    @context {"x": 1}             default context (one-line JSON) for the cases that follow
    @options trim_blocks          default options for the cases that follow (replaces earlier ones)

    name: {{ x }}                 a one-line case: the template or expression is the rest of the line
    name [undefined=strict]: {{ y }}      ... with per-case options added to the defaults

    --- name [options]            a block case; headers, then `template:` or `expr:` and the body
    context: {"x": 2}             (optional) replaces the default context
    templates: {"base": "..."}    (optional) named templates for include/import/extends
    compat: error SecurityError -- why crier differs on purpose (see docs/template-compat.md)
    compat: output "text" -- why  (crier must give exactly this; Python is not run)
    expect: "text" | error Class  (optional) pins Python's own result, to keep the reference honest
    template:
    body lines, up to the next `---` line; trailing empty lines are dropped, no final newline

Options: trim_blocks lstrip_blocks keep_trailing_newline autoescape undefined=MODE repeat=N
now=ISO, and `json` (the body is one JSON string literal: exact bytes, e.g. "\r\n" or a final
newline).
"""
import json
import os
import re
from dataclasses import dataclass, field

DEFAULT_NOW = "2024-03-15T09:30:00"
FLAG_OPTIONS = {"trim_blocks", "lstrip_blocks", "keep_trailing_newline", "autoescape", "json"}
VALUE_OPTIONS = {"undefined", "repeat", "now"}
UNDEFINED_MODES = {"default", "debug", "strict", "chainable"}

_NAME = r"[A-Za-z0-9_.\-]+"
_ONE_LINE = re.compile(rf"^({_NAME})(?:\s+\[([^\]]*)\])?: (.*)$")
_BLOCK = re.compile(rf"^---\s+({_NAME})(?:\s+\[([^\]]*)\])?\s*$")
_HEADER = re.compile(r"^(context|templates|compat|expect):\s?(.*)$")


class CaseFileError(Exception):
    pass


@dataclass
class Expectation:
    """Either an exact output or an error class."""

    error: str | None = None
    output: str | None = None

    @staticmethod
    def parse(text, where):
        text = text.strip()
        if text.startswith("error "):
            return Expectation(error=text[len("error ") :].strip())
        if text.startswith("output "):
            text = text[len("output ") :].strip()
        try:
            value = json.loads(text)
        except json.JSONDecodeError as e:
            raise CaseFileError(f"{where}: expected `error Class` or a JSON string: {e}") from None
        if not isinstance(value, str):
            raise CaseFileError(f"{where}: the expected output must be a JSON string")
        return Expectation(output=value)

    def describe(self):
        return f"error {self.error}" if self.error else f"output {json.dumps(self.output, ensure_ascii=False)}"


@dataclass
class Case:
    suite: str  # "templates" or "conditions"
    file: str  # theme file stem, e.g. "filter_abs"
    name: str
    source: str  # template text or expression
    context: dict = field(default_factory=dict)
    context_json: str = "{}"
    options: dict = field(default_factory=dict)
    templates: dict | None = None
    compat: Expectation | None = None
    compat_reason: str = ""
    expect: Expectation | None = None
    line: int = 0

    @property
    def full_name(self):
        return f"{self.file}/{self.name}"

    @property
    def now(self):
        return self.options.get("now", DEFAULT_NOW)


def parse_options(text, where):
    options = {}
    for word in (text or "").split():
        key, eq, value = word.partition("=")
        if key in FLAG_OPTIONS and not eq:
            options[key] = True
        elif key in VALUE_OPTIONS and eq:
            if key == "undefined" and value not in UNDEFINED_MODES:
                raise CaseFileError(f"{where}: unknown undefined mode {value!r}")
            if key == "repeat" and not value.isdigit():
                raise CaseFileError(f"{where}: repeat needs a number")
            options[key] = value
        else:
            raise CaseFileError(f"{where}: unknown option {word!r}")
    return options


def _load_json(text, where, kind):
    try:
        value = json.loads(text)
    except json.JSONDecodeError as e:
        raise CaseFileError(f"{where}: bad {kind} JSON: {e}") from None
    if not isinstance(value, dict):
        raise CaseFileError(f"{where}: {kind} must be a JSON object")
    return value


def _split_compat(text, where):
    expectation, sep, reason = text.partition(" -- ")
    if not sep or not reason.strip():
        raise CaseFileError(f"{where}: compat needs `-- reason`")
    return Expectation.parse(expectation, where), reason.strip()


def parse_file(path, suite):
    stem = os.path.splitext(os.path.basename(path))[0]
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    cases = []
    default_context, default_context_json, default_options = {}, "{}", {}
    i = 0
    while i < len(lines):
        line = lines[i]
        where = f"{path}:{i + 1}"
        if not line.strip() or line.startswith("#"):
            i += 1
            continue
        if line.startswith("@context "):
            default_context_json = line[len("@context ") :].strip()
            default_context = _load_json(default_context_json, where, "context")
            i += 1
            continue
        if line.startswith("@options"):
            default_options = parse_options(line[len("@options") :], where)
            i += 1
            continue
        m = _BLOCK.match(line)
        if m:
            case = Case(suite, stem, m.group(1), "", default_context, default_context_json,
                        {**default_options, **parse_options(m.group(2), where)}, line=i + 1)
            i += 1
            while i < len(lines) and lines[i] not in ("template:", "expr:"):
                where = f"{path}:{i + 1}"
                h = _HEADER.match(lines[i])
                if not h:
                    raise CaseFileError(f"{where}: expected a header or `template:`/`expr:`")
                key, value = h.groups()
                if key == "context":
                    case.context_json = value.strip()
                    case.context = _load_json(value, where, "context")
                elif key == "templates":
                    case.templates = _load_json(value, where, "templates")
                elif key == "compat":
                    case.compat, case.compat_reason = _split_compat(value, where)
                else:
                    case.expect = Expectation.parse(value, where)
                i += 1
            if i == len(lines):
                raise CaseFileError(f"{path}:{case.line}: block case without `template:`/`expr:`")
            i += 1
            body = []
            while i < len(lines) and not lines[i].startswith("---"):
                body.append(lines[i])
                i += 1
            while body and body[-1] == "":
                body.pop()
            case.source = "\n".join(body)
            if case.options.get("json"):
                try:
                    case.source = json.loads(case.source)
                except json.JSONDecodeError as e:
                    raise CaseFileError(f"{path}:{case.line}: body is not a JSON string: {e}") from None
            cases.append(case)
            continue
        m = _ONE_LINE.match(line)
        if not m:
            raise CaseFileError(f"{where}: not a case, header or comment: {line[:60]!r}")
        options = {**default_options, **parse_options(m.group(2), where)}
        source = m.group(3)
        if options.get("json"):
            source = json.loads(source)
        cases.append(Case(suite, stem, m.group(1), source, default_context, default_context_json,
                          options, line=i + 1))
        i += 1
    return cases


def load_suite(directory, suite):
    """All cases of one suite, in file then line order; duplicate names are an error."""
    cases = []
    seen = {}
    for entry in sorted(os.listdir(directory)):
        if entry.endswith(".txt"):
            for case in parse_file(os.path.join(directory, entry), suite):
                if case.full_name in seen:
                    raise CaseFileError(f"{entry}:{case.line}: duplicate case name {case.name!r}")
                seen[case.full_name] = case
                cases.append(case)
    return cases
