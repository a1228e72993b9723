#!/usr/bin/python3
"""The differential suites: every case under cases/templates and cases/conditions runs through
crier and through Python (Jinja2's sandbox, CPython's eval), and must give the same answer.

    run_diff.py --crier build/crier                       # both suites
    run_diff.py --crier build/crier --suite templates --results build/test-results
    run_diff.py --crier build/crier --file filter_round   # one theme file
    run_diff.py --crier build/crier --case filter_round/half_even   # one case (or just its name)
    run_diff.py --reference-only                          # check the corpus against Python alone
    run_diff.py --check-determinism                       # same Python answers under two hash seeds
"""
import argparse
import difflib
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import harness  # noqa: E402
from case_format import CaseFileError, load_suite  # noqa: E402

SUITES = {"templates": "diff_templates", "conditions": "diff_conditions"}


def select(cases, files, names):
    if files:
        stems = {os.path.splitext(os.path.basename(f))[0] for f in files}
        cases = [c for c in cases if c.file in stems]
    if names:
        cases = [c for c in cases if c.full_name in names or c.name in names]
    return cases


def check_determinism(args):
    """A reference answer that depends on hashing (set order, id()) cannot be compared."""
    argv = [sys.executable, os.path.abspath(__file__), "--reference-only", "-v", "--suite", args.suite]
    for f in args.file:
        argv += ["--file", f]
    for c in args.case:
        argv += ["--case", c]
    runs = [subprocess.run(argv, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
            for seed in ("1", "2")]
    diff = list(difflib.unified_diff(runs[0].splitlines(), runs[1].splitlines(), "PYTHONHASHSEED=1",
                                     "PYTHONHASHSEED=2", lineterm="", n=0))
    print("\n".join(diff) if diff else f"deterministic: {len(runs[0].splitlines())} lines identical")
    return 1 if diff else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--crier", help="path to the crier binary")
    parser.add_argument("--suite", choices=["templates", "conditions", "all"], default="all")
    parser.add_argument("--results", help="directory for <suite>.summary.json (ctest's test-results)")
    parser.add_argument("--file", action="append", default=[], help="run only this theme file (repeatable)")
    parser.add_argument("--case", action="append", default=[], help="run only this case (repeatable)")
    parser.add_argument("-j", "--jobs", type=int, default=2, help="parallel crier processes (default 2)")
    parser.add_argument("--reference-only", action="store_true",
                        help="only run Python: report corpus mistakes and print each case's reference result")
    parser.add_argument("--check-determinism", action="store_true",
                        help="run the Python side under two hash seeds and report any answer that changes")
    parser.add_argument("--show-failures", type=int, default=60, metavar="N",
                        help="print the first N failures in full (all go to <results>/<suite>.failures.txt)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every case's result")
    args = parser.parse_args()
    if args.check_determinism:
        return check_determinism(args)

    suites = ["templates", "conditions"] if args.suite == "all" else [args.suite]
    status = 0
    for suite in suites:
        started = time.time()
        try:
            cases = load_suite(os.path.join(HERE, "cases", suite), suite)
        except CaseFileError as e:
            print(f"error: {e}", file=sys.stderr)
            harness.write_summary(args.results, SUITES[suite], 0, 1)
            status = 1
            continue
        cases = select(cases, args.file, args.case)
        if (args.file or args.case) and not cases:
            continue
        if args.reference_only:
            outcomes, corpus_errors = harness.reference_only(cases)
            if args.verbose:
                for case, outcome in outcomes:
                    print(f"{case.full_name}: {outcome.describe()}")
            for case, why in corpus_errors:
                print(f"BAD CASE {suite}/{case.full_name} ({case.file}.txt:{case.line}): {why}")
            print(f"{suite}: {len(cases)} cases, {len(corpus_errors)} bad")
            status |= 1 if corpus_errors else 0
            continue
        if not args.crier or not os.access(args.crier, os.X_OK):
            print(f"error: crier binary not found or not executable: {args.crier}", file=sys.stderr)
            print(f"0 passed, {len(cases)} failed")
            harness.write_summary(args.results, SUITES[suite], 0, len(cases))
            status = 1
            continue
        crier = os.path.abspath(args.crier)

        def verbose(result):
            if args.verbose:
                print(f"{'ok  ' if result.passed else 'FAIL'} {result.case.full_name}")

        results, corpus_errors = harness.run_cases(cases, crier, args.jobs, verbose)
        status |= harness.report(results, corpus_errors, SUITES[suite], args.results, started,
                                 show=args.show_failures)
    return status


if __name__ == "__main__":
    sys.exit(main())
