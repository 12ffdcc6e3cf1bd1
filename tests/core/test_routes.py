"""The app's URL surface is fixed: every rule, its methods and its endpoint name, as recorded in routes.txt."""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RECORDED = os.path.join(os.path.dirname(__file__), "routes.txt")


def test_routes_are_the_recorded_ones():
    printed = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "routes.py")], check=True,
                             capture_output=True, text=True, cwd=ROOT).stdout.splitlines()
    with open(RECORDED, encoding="utf-8") as f:
        recorded = f.read().splitlines()
    assert printed, "scripts/routes.py printed no route"
    missing, added = sorted(set(recorded) - set(printed)), sorted(set(printed) - set(recorded))
    assert (missing, added) == ([], []), f"routes changed: gone {missing}, new {added}"
