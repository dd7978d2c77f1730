#!/usr/bin/env bash
# Prints one closing line over every Surefire report under the given folders:
#   run-tests: N passed, N failed, N skipped
# (failed counts failures and errors). Exits 1 when a report names a failure or an error, or when no test ran.
set -euo pipefail
python3 - "$@" <<'PY'
import glob, os, sys, xml.etree.ElementTree as ET
tests = failed = skipped = 0
for root in sys.argv[1:]:
    for f in glob.glob(os.path.join(root, "**", "target", "surefire-reports", "TEST-*.xml"), recursive=True):
        s = ET.parse(f).getroot()
        tests += int(s.get("tests", 0))
        failed += int(s.get("failures", 0)) + int(s.get("errors", 0))
        skipped += int(s.get("skipped", 0))
passed = tests - failed - skipped
print(f"run-tests: {passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed or tests == 0 else 0)
PY
