#!/usr/bin/python3
"""Random templates and conditions from a small typed grammar, run through crier and Python.

Each case is drawn from its own RNG seeded by (seed, index), so one case can be rebuilt alone:

    gen_random.py --crier build/crier                     # the default seed and count (as in CI)
    gen_random.py --crier build/crier --seed 7 --count 5000
    gen_random.py --crier build/crier --seed 7 --case random-123     # rerun one case
    gen_random.py --seed 7 --count 20 --show              # print cases and Python's answers

The grammar stays within the engines' documented limits (small ranges, exponents and repeat
counts) and avoids what cannot be compared byte for byte (the random filter, lipsum, sets of
several items); cases whose Python answer is not deterministic are dropped and counted.
"""
import argparse
import json
import os
import random
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import harness  # noqa: E402
import reference  # noqa: E402
from case_format import DEFAULT_NOW, Case  # noqa: E402

DEFAULT_SEED = 20240315
DEFAULT_COUNT = 600
MAX_OUTPUT = 20000  # longer reference outputs are dropped: they test nothing more

WORDS = ["Open", "Paid", "été", "straße", "Ünïcödé", "naïve café", "", " padded ", "a,b,c", "SO-0001",
         "<b>bold</b> & co", "Hello World", "😀 ok", "x", "ABC", "日本", "l'été", "10", "2024-03-15",
         "it's", 'say "hi"', "tab\there", "line1\nline2"]
INTS = [0, 1, -1, 2, 3, 7, -7, 10, 42, 100, 255, 1000, -1000, 2**31, 2**63 - 1, 2**64, -(2**65), 10**20]
FLOATS = [0.0, -0.0, 0.1, 0.2, 0.5, 1.5, 2.5, -2.5, 3.14159, 1e16, 1e-05, 1234.5678, 2.675, 1e300,
          100.0, 0.30000000000000004, -0.125]


class Context:
    """A random context: a `doc` object plus a few top-level variables of known kinds."""

    def __init__(self, rng):
        self.rng = rng
        rows = []
        for i in range(rng.randint(0, 5)):
            row = {"name": rng.choice(WORDS), "qty": rng.choice(INTS[:10]), "rate": rng.choice(FLOATS[:12])}
            if rng.random() < 0.3:
                row.pop(rng.choice(list(row)))
            rows.append(row)
        self.doc = {
            "name": rng.choice(WORDS), "status": rng.choice(["Open", "Paid", "Overdue", ""]),
            "total": rng.choice(FLOATS + INTS), "qty": rng.choice(INTS[:12]), "flag": rng.choice([True, False]),
            "note": rng.choice(WORDS), "none": None, "tags": rng.sample(WORDS, rng.randint(0, 4)),
            "nums": [rng.choice(INTS[:12] + FLOATS[:10]) for _ in range(rng.randint(0, 6))],
            "rows": rows, "address": {"city": rng.choice(["Lyon", "Zürich", "", "New York"]),
                                      "zip": rng.choice(["69001", "8000", None])},
            "due_date": rng.choice(["2024-03-15", "2024-02-29", "2023-12-31", "2024-03-16"]),
        }
        self.vars = {"doc": self.doc, "n": rng.choice(INTS), "f": rng.choice(FLOATS), "s": rng.choice(WORDS),
                     "xs": [rng.choice(INTS[:10]) for _ in range(rng.randint(0, 6))],
                     "words": rng.sample(WORDS, rng.randint(0, 5)), "flag": rng.choice([True, False]),
                     "nothing": None}

    def json(self):
        return json.dumps(self.vars, ensure_ascii=False)


# ---------------------------------------------------------------------------------------------
# Jinja expressions, by the kind of value they produce.

STR_FILTERS = ["upper", "lower", "title", "capitalize", "trim", "striptags", "escape", "string", "reverse",
               "urlencode", "wordcount", "length", "first", "last", "list"]
LIST_FILTERS = ["sort", "unique|list", "reverse|list", "list", "length", "first", "last", "sum", "min", "max",
                "join(', ')", "join", "tojson", "select('odd')|list", "reject|list", "map('string')|list",
                "batch(2)|list", "slice(2)|list", "map('abs')|list", "sort(reverse=true)"]
LIST_CHAINS = ["sort", "unique|list", "reverse|list", "list", "select|list", "map('string')|list"]
NUM_FILTERS = ["abs", "round", "round(2)", "round(1, 'floor')", "round(0, 'ceil')", "int", "float", "string",
               "filesizeformat", "tojson"]


class ExprGen:
    """What both grammars share: typed productions num/str/list/bool/any; subclasses give the
    atoms and the grammar-specific forms."""

    OTHER_ATOMS = []  # values of other kinds, for any()
    BOOL_ATOMS = []

    def __init__(self, rng, ctx):
        self.rng = rng
        self.ctx = ctx

    def pick(self, seq):
        return self.rng.choice(seq)

    def lit_str(self):
        return json.dumps(self.pick(WORDS), ensure_ascii=False)

    def bool_forms(self, d):
        return []

    def bool(self, d):
        r = self.rng.random()
        if d <= 0 or r < 0.2:
            return self.pick(self.BOOL_ATOMS)
        if r < 0.5:
            a, b = (self.num(d - 1), self.num(d - 1)) if self.rng.random() < 0.6 else (self.str(d - 1), self.str(d - 1))
            return f"({a} {self.pick(['==', '!=', '<', '>', '<=', '>='])} {b})"
        if r < 0.7:
            return f"({self.bool(d - 1)} {self.pick(['and', 'or'])} {self.bool(d - 1)})"
        return self.pick([
            f"not {self.bool(d - 1)}",
            f"({self.any(d - 1)} in {self.list(d - 1)})",
            f"({self.str(d - 1)} in {self.str(d - 1)})",
            f"{self.str(d - 1)}.startswith({self.lit_str()})",
        ] + self.bool_forms(d))

    def any(self, d):
        r = self.rng.random()
        if r < 0.3:
            return self.num(d)
        if r < 0.6:
            return self.str(d)
        if r < 0.75:
            return self.list(d)
        if r < 0.87:
            return self.bool(d)
        return self.pick(self.OTHER_ATOMS)


class JinjaGen(ExprGen):
    OTHER_ATOMS = ["none", "doc.none", "missing", "doc.address", "{'k': 1, 'v': [none]}", "(1, 'a')",
                   "doc.address.zip", "doc.rows[0]", "xs[0]", "doc.rows|first", "doc.address|dictsort",
                   "doc.address.items()|list"]
    BOOL_ATOMS = ["true", "false", "flag", "doc.flag", "doc.none is none", "missing is defined"]

    def __init__(self, rng, ctx):
        super().__init__(rng, ctx)
        self.loop_vars = []

    def num(self, d):
        r = self.rng.random()
        if d <= 0 or r < 0.3:
            return self.pick([str(self.pick(INTS)), repr(self.pick(FLOATS)), "n", "f", "doc.qty", "doc.total",
                              "xs|length", "(doc.nums|sum)"] + ([f"{v}" for v in self.loop_vars]
                                                                if self.loop_vars and r < 0.1 else []))
        if r < 0.6:
            op = self.pick(["+", "-", "*", "/", "//", "%", "+", "-"])
            return f"({self.num(d - 1)} {op} {self.num(d - 1)})"
        if r < 0.7:
            return f"({self.pick(['2', '3', '-2', '1.5', 'n % 5'])} ** {self.pick(['2', '3', '0', '-1', '0.5'])})"
        if r < 0.85:
            return f"({self.num(d - 1)}|{self.pick(NUM_FILTERS[:7])})"
        return self.pick([f"({self.str(d - 1)}|length)", f"({self.list(d - 1)}|length)", f"-{self.num(d - 1)}",
                          f"({self.str(d - 1)}|int)", f"({self.num(d - 1)} if {self.bool(d - 1)} else {self.num(d - 1)})"])

    def str(self, d):
        r = self.rng.random()
        if d <= 0 or r < 0.3:
            return self.pick([self.lit_str(), "s", "doc.name", "doc.note", "doc.status", "doc.address.city"])
        if r < 0.55:
            return f"({self.str(d - 1)}|{self.pick(STR_FILTERS[:10])})"
        if r < 0.7:
            return f"({self.any(d - 1)} ~ {self.any(d - 1)})"
        return self.pick([
            f"({self.str(d - 1)}|replace({self.lit_str()}, {self.lit_str()}))",
            f"({self.str(d - 1)}|truncate({self.rng.randint(3, 20)}, {self.pick(['true', 'false'])}, leeway=0))",
            f"({self.str(d - 1)}|center({self.rng.randint(0, 12)}))",
            f"({self.list(d - 1)}|join({json.dumps(self.pick(['', ', ', ' | ']))}))",
            f"('%s-%s'|format({self.any(d - 1)}, {self.any(d - 1)}))",
            f"('%.{self.rng.randint(0, 4)}f'|format({self.num(d - 1)}))",
            f"'{{}}/{{}}'.format({self.any(d - 1)}, {self.any(d - 1)})",
            f"{self.str(d - 1)}[{self.rng.randint(-3, 3)}:{self.rng.randint(-3, 6)}]",
            f"{self.str(d - 1)}.{self.pick(['upper()', 'lower()', 'strip()', 'title()'])}",
            f"({self.num(d - 1)}|string)",
            f"({self.str(d - 1)} + {self.str(d - 1)})",
            f"({self.str(d - 1)}|default({self.lit_str()}, true))",
            f"(missing|default({self.str(d - 1)}))",
            f"({self.str(d - 1)}|indent({self.rng.randint(0, 4)}, {self.pick(['true', 'false'])}))",
            f"({self.str(d - 1)}|wordwrap({self.rng.randint(3, 12)}))",
        ])

    def list(self, d):
        r = self.rng.random()
        if d <= 0 or r < 0.35:
            return self.pick(["xs", "words", "doc.tags", "doc.nums", f"(range({self.rng.randint(0, 8)})|list)",
                              "[1, 2, 3]", "[]", "['b', 'A', 'c']", "[0.5, -1, 3]", "(doc.rows|map(attribute='qty', default=0)|list)"])
        if r < 0.7:
            return f"({self.list(d - 1)}|{self.pick(LIST_CHAINS)})"
        return self.pick([
            f"({self.list(d - 1)} + {self.list(d - 1)})",
            f"[{self.any(d - 1)}, {self.any(d - 1)}]",
            f"({self.str(d - 1)}|list)",
            f"{self.str(d - 1)}.split({self.pick(['', repr(','), repr(' ')])})",
            f"{self.list(d - 1)}[{self.rng.randint(-2, 2)}:]",
            f"({self.list(d - 1)} * {self.rng.randint(0, 3)})",
            f"(doc.rows|selectattr('qty', 'defined')|map(attribute='qty')|list)",
            f"(doc.rows|sort(attribute='name')|map(attribute='name')|list)",
        ])

    def bool_forms(self, d):
        return [f"({self.num(d - 1)} is {self.pick(['odd', 'even', 'number', 'integer', 'float', 'divisibleby 3'])})",
                f"({self.any(d - 1)} is {self.pick(['defined', 'none', 'string', 'sequence', 'mapping', 'iterable'])})"]


class TemplateGen(JinjaGen):
    def __init__(self, rng, ctx):
        super().__init__(rng, ctx)
        self.depth = 0

    def text(self):
        return self.pick(["", " ", "\n", "Hello ", " — ", "é", "\n  ", "x", ": ", "{ brace }", "100%", "\t"])

    def ws(self):
        return self.pick(["", "", "", "-", "+"]) if self.rng.random() < 0.3 else ""

    def print_(self):
        return f"{{{{{self.pick(['', '-']) if self.rng.random() < 0.2 else ''} {self.any(2)} " \
               f"{self.pick(['', '-']) if self.rng.random() < 0.2 else ''}}}}}"

    def tag(self, body):
        return f"{{%{self.ws()} {body} {self.ws()}%}}"

    def block(self, budget):
        parts = []
        for _ in range(self.rng.randint(1, 3)):
            parts.append(self.node(budget))
        return "".join(parts)

    def node(self, budget):
        r = self.rng.random()
        if budget <= 0 or r < 0.35:
            return self.text() + (self.print_() if self.rng.random() < 0.7 else "")
        b = budget - 1
        if r < 0.5:
            out = self.tag(f"if {self.bool(2)}") + self.block(b)
            if self.rng.random() < 0.4:
                out += self.tag(f"elif {self.bool(2)}") + self.block(b)
            if self.rng.random() < 0.5:
                out += self.tag("else") + self.block(b)
            return out + self.tag("endif")
        if r < 0.65:
            var = self.pick(["x", "item", "v"])
            self.loop_vars.append(var)
            cond = f" if {var}" if self.rng.random() < 0.2 else ""
            body = self.block(b) + self.pick(["", f"{{{{ loop.index }}}}", "{{ loop.first }}",
                                             "{{ loop.revindex0 }}", "{{ loop.cycle('a', 'b') }}",
                                             "{% if not loop.last %}, {% endif %}", f"{{{{ {var} }}}}"])
            self.loop_vars.pop()
            out = self.tag(f"for {var} in {self.list(1)}{cond}") + body
            if self.rng.random() < 0.3:
                out += self.tag("else") + self.block(b)
            return out + self.tag("endfor")
        if r < 0.75:
            name = self.pick(["a", "b", "total"])
            return self.tag(f"set {name} = {self.any(2)}") + self.text() + f"{{{{ {name} }}}}"
        if r < 0.8:
            return self.tag(f"set blk") + self.block(b) + self.tag("endset") + "[{{ blk|trim }}]"
        if r < 0.85:
            return (self.tag("macro m(p, q='d')") + "<{{ p }}|{{ q }}>" + self.block(b) + self.tag("endmacro")
                    + f"{{{{ m({self.any(1)}) }}}}{{{{ m({self.any(1)}, q={self.str(1)}) }}}}")
        if r < 0.9:
            return self.tag(f"filter {self.pick(['upper', 'lower', 'trim', 'title', 'striptags'])}") + \
                self.block(b) + self.tag("endfilter")
        if r < 0.94:
            return self.tag(f"with w = {self.any(2)}") + "{{ w }}" + self.block(b) + self.tag("endwith")
        if r < 0.97:
            return "{# " + self.pick(["note", "{{ x }}", "é"]) + " #}" + self.text()
        return self.tag("raw") + "{{ not {% rendered %} }}" + self.tag("endraw")

    def options(self):
        opts = {}
        for flag, p in (("trim_blocks", 0.3), ("lstrip_blocks", 0.3), ("keep_trailing_newline", 0.1),
                        ("autoescape", 0.15)):
            if self.rng.random() < p:
                opts[flag] = True
        mode = self.pick(["default"] * 5 + ["debug", "debug", "strict", "chainable"])
        if mode != "default":
            opts["undefined"] = mode
        return opts


# ---------------------------------------------------------------------------------------------
# Python conditions.

class ConditionGen(ExprGen):
    OTHER_ATOMS = ["None", "doc.none", "doc.address", "{'k': 1, 'v': [None]}", "(1, 'a')", "doc.address.zip",
                   "doc.rows[0] if doc.rows else None", "{k: len(k) for k in words}"]
    BOOL_ATOMS = ["True", "False", "flag", "doc.flag", "doc.none is None", "doc.missing is None",
                  "doc.status == 'Open'", "doc.due_date == nowdate()"]

    def num(self, d):
        r = self.rng.random()
        if d <= 0 or r < 0.3:
            return self.pick([str(self.pick(INTS)), repr(self.pick(FLOATS)), "n", "f", "doc.qty", "doc.total",
                              "len(xs)", "sum(doc.nums)", "cint(s)", "flt(doc.note)"])
        if r < 0.6:
            return f"({self.num(d - 1)} {self.pick(['+', '-', '*', '/', '//', '%', '+'])} {self.num(d - 1)})"
        if r < 0.7:
            return f"({self.pick(['2', '3', '-2', '1.5'])} ** {self.pick(['2', '3', '0', '-1', '0.5'])})"
        return self.pick([f"abs({self.num(d - 1)})", f"round({self.num(d - 1)})", f"round({self.num(d - 1)}, 2)",
                          f"int({self.num(d - 1)})", f"float({self.num(d - 1)})", f"-{self.num(d - 1)}",
                          f"len({self.str(d - 1)})", f"max({self.num(d - 1)}, {self.num(d - 1)})",
                          f"min(xs or [0])", f"date_diff(doc.due_date, nowdate())",
                          f"({self.num(d - 1)} if {self.bool(d - 1)} else {self.num(d - 1)})",
                          f"flt({self.num(d - 1)}, 2)", f"cint({self.num(d - 1)})",
                          f"sum(r.qty or 0 for r in doc.rows)"])

    def str(self, d):
        r = self.rng.random()
        if d <= 0 or r < 0.35:
            return self.pick([self.lit_str(), "s", "doc.name", "doc.note", "doc.status", "doc.address.city",
                              "nowdate()", "doc.due_date"])
        return self.pick([
            f"{self.str(d - 1)}.{self.pick(['upper()', 'lower()', 'strip()', 'title()', 'capitalize()'])}",
            f"({self.str(d - 1)} + {self.str(d - 1)})",
            f"{self.str(d - 1)}[{self.rng.randint(-3, 3)}:{self.rng.randint(-3, 6)}]",
            f"{self.str(d - 1)}.replace({self.lit_str()}, {self.lit_str()})",
            f"str({self.any(d - 1)})", f"cstr({self.any(d - 1)})",
            f"', '.join({self.strlist(d - 1)})",
            f"add_days(doc.due_date, {self.rng.randint(-40, 40)})",
            f"add_months(doc.due_date, {self.rng.randint(-13, 13)})",
            f"getdate(doc.due_date)", f"fmt_money({self.num(d - 1)})", f"strip_html({self.str(d - 1)})",
            f"f'{{{self.num(d - 1)}:.2f}}'", f"'%s/%d' % ({self.str(d - 1)}, {self.rng.randint(-5, 99)})",
            f"({self.str(d - 1)} or {self.lit_str()})",
            f"({self.str(d - 1)} * {self.rng.randint(0, 3)})",
        ])

    def strlist(self, d):
        return self.pick(["words", "doc.tags", "[r.name for r in doc.rows if 'name' in r]",
                          f"{self.str(max(d, 0))}.split()", "sorted(doc.address)", "['a', 'b']"])

    def list(self, d):
        r = self.rng.random()
        if d <= 0 or r < 0.4:
            return self.pick(["xs", "words", "doc.tags", "doc.nums", "[1, 2, 3]", "[]", "doc.rows",
                              "[r.qty for r in doc.rows]", "sorted(xs)"])
        return self.pick([
            f"({self.list(d - 1)} + {self.list(d - 1)})",
            f"[{self.any(d - 1)}, {self.any(d - 1)}]",
            f"{self.list(d - 1)}[{self.rng.randint(-2, 2)}:]",
            f"sorted({self.strlist(d - 1)})",
            f"[x * 2 for x in {self.list(d - 1)}]",
            f"[x for x in {self.list(d - 1)} if x]",
            f"{self.str(d - 1)}.split({self.pick(['', repr(','), repr(' ')])})",
        ])

    def bool_forms(self, d):
        return [f"any(x > 1 for x in {self.list(d - 1)})", f"all({self.list(d - 1)})", f"bool({self.any(d - 1)})",
                f"(1 < {self.num(d - 1)} <= 100)"]


# ---------------------------------------------------------------------------------------------


def make_case(seed, index, kind):
    rng = random.Random(f"{seed}:{index}")
    ctx = Context(rng)
    if kind == "templates":
        gen = TemplateGen(rng, ctx)
        source = gen.block(2)
        options = gen.options()
    else:
        source = ConditionGen(rng, ctx).any(3)
        options = {}
    case = Case(kind, "random", f"random-{index}", source, ctx.vars, ctx.json(), options)
    return case


def generate(seed, indices, kinds):
    """(case, reference outcome) pairs; drops cases Python cannot answer deterministically."""
    dropped = 0
    cases = []
    for i in indices:
        kind = kinds[i % len(kinds)]
        case = make_case(seed, i, kind)
        try:
            outcome = reference.run_case(case)
        except reference.CaseError:
            dropped += 1
            continue
        if outcome.ok and len(outcome.output) > MAX_OUTPUT:
            dropped += 1
            continue
        cases.append((case, outcome))
    return cases, dropped


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--crier", help="path to the crier binary")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--count", type=int, default=DEFAULT_COUNT)
    parser.add_argument("--kind", choices=["templates", "conditions", "both"], default="both")
    parser.add_argument("--case", action="append", default=[], help="only this case (random-N)")
    parser.add_argument("--results", help="directory for diff_random.summary.json")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--show", action="store_true", help="print the cases and Python's answers, run no crier")
    parser.add_argument("--show-failures", type=int, default=60, metavar="N",
                        help="print the first N failures in full (all go to <results>/diff_random.failures.txt)")
    args = parser.parse_args()

    started = time.time()
    kinds = ["templates", "conditions"] if args.kind == "both" else [args.kind]
    print(f"random cases: seed {args.seed}, count {args.count}, kinds {'+'.join(kinds)}")
    indices = range(args.count)
    if args.case:
        indices = sorted(int(name.rsplit("-", 1)[-1]) for name in args.case)
    pairs, dropped = generate(args.seed, indices, kinds)
    ok = sum(1 for _, o in pairs if o.ok)
    print(f"{len(pairs)} cases kept ({ok} render/evaluate, {len(pairs) - ok} raise in Python), {dropped} dropped")
    if args.show:
        for case, outcome in pairs:
            print(f"--- {case.name} [{case.suite}] {json.dumps(case.options)}")
            print(f"context: {case.context_json}")
            print(f"source: {json.dumps(case.source, ensure_ascii=False)}")
            print(f"python: {outcome.describe()}")
        return 0
    if not args.crier or not os.access(args.crier, os.X_OK):
        print(f"error: crier binary not found or not executable: {args.crier}", file=sys.stderr)
        print(f"0 passed, {len(pairs)} failed")
        harness.write_summary(args.results, "diff_random", 0, max(1, len(pairs)))
        return 1
    expected = {id(c): o for c, o in pairs}
    cases = [c for c, _ in pairs]
    # The reference already ran; reuse its answers instead of running Python twice.
    original = reference.run_case
    reference.run_case = lambda case: expected[id(case)]
    try:
        results, corpus_errors = harness.run_cases(cases, os.path.abspath(args.crier), args.jobs)
    finally:
        reference.run_case = original
    for r in results:
        if not r.passed:
            r.problem += f" (reproduce: gen_random.py --seed {args.seed} --case {r.case.name})"
    return harness.report(results, corpus_errors, "diff_random", args.results, started,
                          show=args.show_failures)


if __name__ == "__main__":
    sys.exit(main())
