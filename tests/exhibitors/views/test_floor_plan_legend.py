"""The floor plan's legend counts the booths of the hall shown, not of the whole fair."""
import json
import re

from tests.exhibitors.conftest import SLUG, hold_via_api, signed_in_client


def halls_json(html):
    return json.loads(re.search(r'<script type="application/json" id="plan-halls">(.*?)</script>', html, re.S).group(1))


def test_counts_per_hall_in_the_page_and_the_legend(app, fair, exhibitor):
    assert hold_via_api(signed_in_client(app, exhibitor()), "B-01").status_code == 201
    html = app.test_client().get(f"/exhibitors/{SLUG}/floor-plan").get_data(as_text=True)
    counts = {hall["code"]: hall["counts"] for hall in halls_json(html)}
    assert counts == {
        "A": {"available": 10, "held": 0, "reserved": 0, "confirmed": 0, "blocked": 1},
        "B": {"available": 0, "held": 1, "reserved": 0, "confirmed": 0, "blocked": 0},
    }
    # The legend opens on hall A, with hall A's numbers (the fair has 12 booths, hall A 11).
    legend = dict(re.findall(r'data-count="(\w+)">\((\d+)\)<', html))
    assert legend == {"available": "10", "held": "0", "reserved": "0", "confirmed": "0", "blocked": "1"}
