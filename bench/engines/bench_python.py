#!/usr/bin/python3
"""The Python side of the engine benchmarks: Jinja2 3.1 renders the same templates (compiled once,
in a SandboxedEnvironment like Frappe's and in a plain Environment) and CPython evaluates the same
condition (compiled once) on the same context. Prints one JSON object per benchmark, in
nanoseconds per operation (best of several timed rounds), for bench/run_engines.sh.

Usage: bench_python.py [--rounds N] [--min-seconds S]
"""
import argparse
import json
import os
import sys
import timeit

import jinja2
from jinja2.sandbox import SandboxedEnvironment

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "diff"))

from reference import condition_globals, _dict  # noqa: E402

NOW = "2024-03-15T09:30:00"


def read(name):
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        return f.read()


def best_ns(fn, rounds, min_seconds):
    """Nanoseconds per call: the best of `rounds` rounds, each at least `min_seconds` long."""
    timer = timeit.Timer(fn)
    number, elapsed = timer.autorange()  # the smallest call count taking >= 0.2 s
    number = max(number, int(number * min_seconds / max(elapsed, 1e-9)))
    return min(timer.repeat(repeat=rounds, number=number)) / number * 1e9


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--min-seconds", type=float, default=0.3)
    args = parser.parse_args()

    context = json.loads(read("context.json"))
    results = []
    for name, source in (("message", read("message.j2")), ("items_table", read("items_table.j2"))):
        for env_name, env in (("sandboxed", SandboxedEnvironment()), ("plain", jinja2.Environment())):
            template = env.from_string(source)
            ns = best_ns(lambda: template.render(context), args.rounds, args.min_seconds)
            results.append({"name": f"render/{name}", "engine": f"jinja2-{env_name}", "ns": ns})

    expression = read("condition.txt")
    names = condition_globals(json.loads(read("context.json"), object_hook=_dict), NOW)
    code = compile(expression, "<condition>", "eval")
    assert eval(code, names) is True, "the benchmark condition must evaluate all three terms"
    ns = best_ns(lambda: eval(code, names), args.rounds, args.min_seconds)
    results.append({"name": "eval/condition", "engine": "cpython-eval", "ns": ns})

    for r in results:
        print(json.dumps(r))
    return 0


if __name__ == "__main__":
    sys.exit(main())
