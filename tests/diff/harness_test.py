#!/usr/bin/python3
"""Checks the differential harness itself, so that a green diff suite means something: a fake
crier (this file, run as `fake-crier MODE render|eval ...`) answers through the Python reference,
correctly or wrongly, and the harness must tell which cases pass and why the others fail.
"""
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import harness  # noqa: E402
import reference  # noqa: E402
from case_format import CaseFileError, parse_file  # noqa: E402


def fake_crier(argv):
    """Emulates `crier render|eval` through the reference; MODE bends the answer."""
    mode, command, args = argv[0], argv[1], argv[2:]
    options = {}
    context_json, templates = "{}", None
    i = 0
    while i < len(args) - 1:
        key = args[i]
        if key in ("--context", "--templates", "--now", "--undefined", "--repeat"):
            value = args[i + 1]
            if key == "--context":
                context_json = open(value, encoding="utf-8").read()
            elif key == "--templates":
                templates = json.load(open(value, encoding="utf-8"))
            elif key == "--undefined":
                options["undefined"] = value
            elif key == "--now":
                options["now"] = value
            i += 2
        else:
            options[key[2:].replace("-", "_")] = True
            i += 1
    source = sys.stdin.read() if args[-1] == "-" else args[-1]
    if mode == "crash":
        os.abort()
    if command == "render":
        outcome = reference.render(source, json.loads(context_json), options, templates)
    else:
        outcome = reference.evaluate(source, context_json, options.get("now", "2024-03-15T09:30:00"))
    if mode == "wrong" and outcome.ok:
        outcome.output += "!"
    if mode == "wrong-class" and not outcome.ok:
        outcome.error = "ValueError"
    if outcome.ok:
        sys.stdout.write(outcome.output + ("\n" if command == "eval" else ""))
        return 0
    sys.stderr.write(f"error: {outcome.error}: {outcome.message} (line 1, column 1)\n")
    return 1


CASES = textwrap.dedent("""\
    @context {"x": 2, "s": "été"}
    plain: {{ x * 3 }} {{ s|upper }}
    error: {{ 1 / 0 }}
    --- block [trim_blocks]
    templates: {"part": "[{{ x }}]"}
    template:
    {% if true %}
    {% include "part" %}
    {% endif %}
    --- limit
    compat: error LimitError -- crier caps this (cheap here: the fake renders it like Python)
    template:
    {{ "ab" * 3 }}
    """)


class HarnessTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        path = os.path.join(self.dir, "theme.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write(CASES)
        self.cases = parse_file(path, "templates")
        self.fakes = {}
        for mode in ("right", "wrong", "wrong-class", "crash"):
            script = os.path.join(self.dir, f"crier-{mode}")
            with open(script, "w") as f:
                f.write(f"#!/bin/sh\nexec {sys.executable} {os.path.abspath(__file__)} --fake {mode} \"$@\"\n")
            os.chmod(script, 0o755)
            self.fakes[mode] = script

    def run_with(self, mode, cases=None):
        results, bad = harness.run_cases(cases or self.cases, self.fakes[mode], jobs=2)
        self.assertEqual(bad, [])
        return {r.case.name: r for r in results}

    def test_parses_one_line_and_block_cases(self):
        names = [c.name for c in self.cases]
        self.assertEqual(names, ["plain", "error", "block", "limit"])
        block = self.cases[2]
        self.assertEqual(block.source, '{% if true %}\n{% include "part" %}\n{% endif %}')
        self.assertEqual(block.options, {"trim_blocks": True})
        self.assertEqual(block.templates, {"part": "[{{ x }}]"})
        self.assertEqual(self.cases[3].compat.error, "LimitError")

    def test_identical_answers_pass_except_undocumented_compat(self):
        results = self.run_with("right")
        self.assertTrue(results["plain"].passed)
        self.assertTrue(results["error"].passed)
        self.assertTrue(results["block"].passed)
        # The fake answers like Python (a string), not with the documented LimitError.
        self.assertFalse(results["limit"].passed)

    def test_different_output_fails(self):
        results = self.run_with("wrong")
        self.assertFalse(results["plain"].passed)
        self.assertTrue(results["error"].passed)  # errors still match by class
        self.assertIn("crier differs", harness.format_failure(results["plain"]))

    def test_different_error_class_fails(self):
        results = self.run_with("wrong-class")
        self.assertFalse(results["error"].passed)
        self.assertTrue(results["plain"].passed)

    def test_crash_is_a_failure_even_when_python_raises(self):
        results = self.run_with("crash")
        self.assertFalse(any(r.passed for r in results.values()))
        self.assertTrue(results["error"].got.outcome.error.startswith("<crash"))

    def test_conditions_compare_json_lines(self):
        path = os.path.join(self.dir, "cond.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write('@context {"doc": {"n": 5}}\nok: doc.n * 2 if doc.missing is None else 0\n'
                    'unknown: True or nope\n')
        cases = parse_file(path, "conditions")
        results = self.run_with("right", cases)
        self.assertTrue(results["ok"].passed)
        self.assertEqual(results["ok"].expected.output, "10")
        self.assertEqual(results["unknown"].expected.error, "NameError")

    def test_bad_case_files_are_reported_with_their_line(self):
        path = os.path.join(self.dir, "bad.txt")
        with open(path, "w") as f:
            f.write("# fine\nthis is not a case\n")
        with self.assertRaisesRegex(CaseFileError, r"bad\.txt:2"):
            parse_file(path, "templates")

    def test_nondeterministic_reference_is_a_corpus_error(self):
        with self.assertRaises(reference.CaseError):  # set order
            reference.evaluate("{1, 2, 3}", "{}", "2024-03-15T09:30:00")
        with self.assertRaises(reference.CaseError):  # an object address
            reference.render("{{ cycler(1).next }}", {}, {})


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--fake":
        sys.exit(fake_crier(sys.argv[2:]))
    unittest.main()
