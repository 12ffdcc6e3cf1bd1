"""Print every URL rule as `rule  methods  endpoint`, sorted: the app's public surface, compared with
tests/core/routes.txt by tests/core/test_routes.py so that a restructuring cannot move a URL unnoticed.

Run `python scripts/routes.py > tests/core/routes.txt` only when a route is meant to change.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def route_lines(app):
    lines = []
    for rule in app.url_map.iter_rules():
        methods = ",".join(sorted(rule.methods - {"HEAD", "OPTIONS"}))
        lines.append(f"{rule.rule}  {methods}  {rule.endpoint}")
    return sorted(lines)


if __name__ == "__main__":
    from fairapp import create_app

    print("\n".join(route_lines(create_app())))
