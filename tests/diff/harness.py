"""Runs cases through `crier render`/`crier eval` and the Python reference, compares the two and
reports: shared by the case-file suites (run_diff.py) and the random generator (gen_random.py).

A case passes when the outputs are byte-identical or both sides fail with the same Python
exception class; a case marked `compat` passes only when crier gives the documented behaviour.
"""
import difflib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import reference
from reference import CaseError, Outcome

CRIER_SECONDS = 20  # a crier run slower than this counts as a hang
_ERROR_LINE = re.compile(r"^error: ([A-Za-z_][A-Za-z0-9_.]*): ?(.*)$", re.M)


@dataclass
class CrierRun:
    outcome: Outcome
    status: int
    stderr: str
    argv: list


def crier_argv(crier, case, workdir, index):
    """The command line (and stdin bytes) that runs `case` through crier."""
    argv = [crier, "render" if case.suite == "templates" else "eval"]
    if case.context_json and case.context_json != "{}":
        path = os.path.join(workdir, f"{index}.context.json")
        with open(path, "w", encoding="utf-8") as f:
            f.write(case.context_json)
        argv += ["--context", path]
    argv += ["--now", case.now]
    if "repeat" in case.options:
        argv += ["--repeat", case.options["repeat"]]
    if case.suite == "templates":
        if case.options.get("undefined", "default") != "default":
            argv += ["--undefined", case.options["undefined"]]
        for flag in ("trim_blocks", "lstrip_blocks", "keep_trailing_newline", "autoescape"):
            if case.options.get(flag):
                argv.append("--" + flag.replace("_", "-"))
        if case.templates is not None:
            path = os.path.join(workdir, f"{index}.templates.json")
            with open(path, "w", encoding="utf-8") as f:
                json.dump(case.templates, f, ensure_ascii=False)
            argv += ["--templates", path]
        argv.append("-")
        return argv, case.source.encode("utf-8")
    argv.append(case.source)
    return argv, b""


def run_crier(crier, case, workdir, index):
    argv, stdin = crier_argv(crier, case, workdir, index)
    try:
        proc = subprocess.run(argv, input=stdin, capture_output=True, timeout=CRIER_SECONDS)
    except subprocess.TimeoutExpired:
        return CrierRun(Outcome(error="<hang>", message=f"no answer after {CRIER_SECONDS} s"), -1, "", argv)
    stderr = proc.stderr.decode("utf-8", "replace")
    if proc.returncode == 0:
        try:
            out = proc.stdout.decode("utf-8")
        except UnicodeDecodeError as e:
            return CrierRun(Outcome(error="<invalid UTF-8 output>", message=str(e)), 0, stderr, argv)
        if case.suite == "conditions" and out.endswith("\n"):
            out = out[:-1]
        return CrierRun(Outcome(output=out), 0, stderr, argv)
    m = _ERROR_LINE.search(stderr)
    if proc.returncode != 1 or not m:
        what = f"exit status {proc.returncode}" if proc.returncode >= 0 else f"signal {-proc.returncode}"
        return CrierRun(Outcome(error=f"<crash: {what}>", message=stderr.strip()[-500:]), proc.returncode,
                        stderr, argv)
    return CrierRun(Outcome(error=m.group(1).rsplit(".", 1)[-1], message=m.group(2)), 1, stderr, argv)


@dataclass
class Result:
    case: object
    passed: bool
    expected: Outcome | None
    got: CrierRun | None
    problem: str = ""  # why it failed, for the report


def same(expected, got):
    if expected.ok:
        return got.ok and got.output == expected.output
    return not got.ok and got.error == expected.error


def matches_expectation(expectation, outcome):
    if expectation.error:
        return not outcome.ok and outcome.error == expectation.error
    return outcome.ok and outcome.output == expectation.output


def judge(case, expected, got):
    """Compares one case's two sides; `expected` is None for compat cases (Python not run)."""
    if case.compat is not None:
        ok = matches_expectation(case.compat, got.outcome)
        return Result(case, ok, None, got, "" if ok else
                      f"crier must give the documented {case.compat.describe()} ({case.compat_reason})")
    if case.expect is not None and not matches_expectation(case.expect, expected):
        return Result(case, False, expected, got,
                      f"the Python reference no longer gives the pinned {case.expect.describe()}")
    ok = same(expected, got.outcome)
    return Result(case, ok, expected, got, "" if ok else "crier differs from Python")


def _show(text, limit=2000):
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} chars)"


def format_failure(result):
    case = result.case
    lines = [f"FAIL {case.suite}/{case.full_name} ({case.file}.txt:{case.line}): {result.problem}"]
    if case.options:
        lines.append(f"  options:  {' '.join(k if v is True else f'{k}={v}' for k, v in case.options.items())}")
    if case.context_json and case.context_json != "{}":
        lines.append(f"  context:  {_show(case.context_json, 400)}")
    if case.templates:
        lines.append(f"  templates: {_show(json.dumps(case.templates, ensure_ascii=False), 400)}")
    kind = "template" if case.suite == "templates" else "expr"
    lines.append(f"  {kind}: {_show(json.dumps(case.source, ensure_ascii=False), 800)}")
    exp, got = result.expected, result.got.outcome if result.got else None
    if exp is not None:
        lines.append(f"  python:   {_show(exp.describe())}")
    if got is not None:
        lines.append(f"  crier:    {_show(got.describe())}")
    if exp is not None and got is not None and exp.ok and got.ok and ("\n" in exp.output or "\n" in got.output):
        diff = difflib.unified_diff(exp.output.splitlines(True), got.output.splitlines(True),
                                    "python", "crier", n=2)
        lines.extend("  | " + d.rstrip("\n") for d in list(diff)[:60])
    if result.got is not None and case.file != "random":
        lines.append(f"  rerun:    run_diff.py --crier {_shell_quote(result.got.argv[0])} --suite {case.suite} "
                     f"--case {case.full_name}")
    return "\n".join(lines)


def _shell_quote(arg):
    return arg if re.fullmatch(r"[\w./=-]+", arg) else "'" + arg.replace("'", "'\\''") + "'"


def run_cases(cases, crier, jobs=2, on_result=None):
    """Runs every case on both sides (crier in `jobs` parallel processes while Python works in
    this one) and returns (results, corpus_errors)."""
    results, corpus_errors = [], []
    with tempfile.TemporaryDirectory(prefix="crier-diff-") as workdir, \
            ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = [pool.submit(run_crier, crier, case, workdir, i) for i, case in enumerate(cases)]
        for case, future in zip(cases, futures):
            expected = None
            if case.compat is None:
                try:
                    expected = reference.run_case(case)
                except CaseError as e:
                    corpus_errors.append((case, str(e)))
                    future.cancel()
                    continue
            result = judge(case, expected, future.result())
            results.append(result)
            if on_result:
                on_result(result)
    return results, corpus_errors


def reference_only(cases):
    """Runs only the Python side: for checking a corpus before crier can run it."""
    outcomes, corpus_errors = [], []
    for case in cases:
        if case.compat is not None:
            continue
        try:
            outcome = reference.run_case(case)
        except CaseError as e:
            corpus_errors.append((case, str(e)))
            continue
        if case.expect is not None and not matches_expectation(case.expect, outcome):
            corpus_errors.append((case, f"Python gives {outcome.describe()}, the case pins "
                                        f"{case.expect.describe()}"))
        outcomes.append((case, outcome))
    return outcomes, corpus_errors


def write_summary(results_dir, suite, passed, failed):
    if not results_dir:
        return
    os.makedirs(results_dir, exist_ok=True)
    with open(os.path.join(results_dir, f"{suite}.summary.json"), "w") as f:
        json.dump({"passed": passed, "failed": failed}, f)
        f.write("\n")


def report(results, corpus_errors, suite, results_dir, started, out=sys.stdout, show=60):
    """Prints failures (the first `show` in full; all of them go to <results>/<suite>.failures.txt)
    and the `N passed, M failed` line; returns the process exit status."""
    failed = [r for r in results if not r.passed]
    details = [format_failure(r) for r in failed]
    for text in details[:show]:
        print(text, file=out)
        print(file=out)
    if len(details) > show:
        print(f"... {len(details) - show} more failures not shown", file=out)
    if results_dir:
        os.makedirs(results_dir, exist_ok=True)
        with open(os.path.join(results_dir, f"{suite}.failures.txt"), "w", encoding="utf-8") as f:
            f.write("\n\n".join(details) + ("\n" if details else ""))
    for case, why in corpus_errors:
        print(f"BAD CASE {case.suite}/{case.full_name} ({case.file}.txt:{case.line}): {why}", file=out)
    passed = len(results) - len(failed)
    nfailed = len(failed) + len(corpus_errors)
    by_class = {}
    for r in failed:
        key = r.got.outcome.error if r.got and not r.got.outcome.ok else "output differs"
        by_class[key] = by_class.get(key, 0) + 1
    if by_class:
        print("failures by crier outcome: " + ", ".join(f"{k}: {v}" for k, v in sorted(by_class.items())),
              file=out)
    print(f"{suite}: {len(results) + len(corpus_errors)} cases in {time.time() - started:.1f} s", file=out)
    print(f"{passed} passed, {nfailed} failed", file=out)
    write_summary(results_dir, suite, passed, nfailed)
    return 0 if nfailed == 0 else 1
