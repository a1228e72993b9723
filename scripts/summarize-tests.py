#!/usr/bin/env python3
"""Prints `N passed, M failed` over every test case that ran.

Reads, in each results directory: GoogleTest XML files (<test>.xml), suite summaries written by
the differential and integration suites (<test>.summary.json: {"passed": N, "failed": M}), and
ctest's JUnit file (ctest.junit). A ctest test counts through its detailed file when it has one;
a test that failed without recording a failing case (a crash, a timeout, a sanitizer abort) adds
one failure; a test without a detailed file counts as one case. Exits 1 if anything failed.
"""
import json
import os
import sys
import xml.etree.ElementTree as ET


def detail_counts(directory, name):
    xml_path = os.path.join(directory, name + ".xml")
    json_path = os.path.join(directory, name + ".summary.json")
    if os.path.exists(xml_path):
        try:
            root = ET.parse(xml_path).getroot()
        except ET.ParseError:
            return None
        tests = int(root.get("tests", 0)) - int(root.get("disabled", 0))
        failed = int(root.get("failures", 0)) + int(root.get("errors", 0))
        return tests - failed, failed
    if os.path.exists(json_path):
        with open(json_path) as f:
            data = json.load(f)
        return int(data.get("passed", 0)), int(data.get("failed", 0))
    return None


def summarize(directory):
    passed = failed = 0
    failing = []
    junit = os.path.join(directory, "ctest.junit")
    seen = set()
    if os.path.exists(junit):
        for case in ET.parse(junit).getroot().iter("testcase"):
            name = case.get("name")
            seen.add(name)
            ok = case.get("status") == "run" and case.find("failure") is None
            counts = detail_counts(directory, name)
            if counts is None:
                counts = (1, 0) if ok else (0, 1)
            elif not ok and counts[1] == 0:
                counts = (counts[0], 1)
            passed += counts[0]
            failed += counts[1]
            if counts[1]:
                failing.append(name)
    # Suites that ran outside ctest (fuzzers, a failed build) leave only a summary file.
    for entry in sorted(os.listdir(directory)) if os.path.isdir(directory) else []:
        if entry.endswith(".summary.json") and entry[: -len(".summary.json")] not in seen:
            p, f = detail_counts(directory, entry[: -len(".summary.json")])
            passed += p
            failed += f
            if f:
                failing.append(entry[: -len(".summary.json")])
    return passed, failed, failing


def main():
    total_passed = total_failed = 0
    for directory in sys.argv[1:]:
        p, f, failing = summarize(directory)
        print(f"{directory}: {p} passed, {f} failed" + (f" ({', '.join(failing)})" if failing else ""))
        total_passed += p
        total_failed += f
    print(f"{total_passed} passed, {total_failed} failed")
    return 1 if total_failed else 0


if __name__ == "__main__":
    sys.exit(main())
