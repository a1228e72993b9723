#!/usr/bin/python3
"""Seeds the fuzzers' kept corpora from the differential cases (tests/diff/cases), so that fuzzing
starts from inputs that already reach every filter, test, statement and error path.

Input formats (see the fuzz_*.cc targets): template_parse takes the template text; template_render
and expr_eval take the source, a NUL byte, then the context JSON.

Usage: fuzz/seed_corpus.py        (rewrites fuzz/corpus/{template_parse,template_render,expr_eval})
"""
import hashlib
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "diff"))

from case_format import load_suite  # noqa: E402

MAX_CONTEXT = 2048  # "a small context": larger ones slow every execution down


def write_corpus(name, inputs):
    directory = os.path.join(HERE, "corpus", name)
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory)
    seen = set()
    for data in inputs:
        digest = hashlib.sha1(data).hexdigest()
        if digest not in seen:
            seen.add(digest)
            with open(os.path.join(directory, digest), "wb") as f:
                f.write(data)
    print(f"{name}: {len(seen)} inputs")


def main():
    cases_dir = os.path.join(HERE, "..", "tests", "diff", "cases")
    templates = load_suite(os.path.join(cases_dir, "templates"), "templates")
    conditions = load_suite(os.path.join(cases_dir, "conditions"), "conditions")
    write_corpus("template_parse", [c.source.encode() for c in templates])
    write_corpus("template_render", [c.source.encode() + b"\0" + c.context_json.encode() for c in templates
                                     if c.compat is None and len(c.context_json) <= MAX_CONTEXT])
    write_corpus("expr_eval", [c.source.encode() + b"\0" + c.context_json.encode() for c in conditions
                               if len(c.context_json) <= MAX_CONTEXT])
    return 0


if __name__ == "__main__":
    sys.exit(main())
