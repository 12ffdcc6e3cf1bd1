"""The floor plan API through the test client: the booth list, holding and giving back a booth."""
from datetime import datetime

from sqlalchemy import event

from fairapp.extensions import db
from tests.conftest import csrf_token
from tests.exhibitors.conftest import SLUG, hold_via_api, signed_in_client

FIELDS = {"code", "hall", "type", "width_m", "depth_m", "area_m2", "price_vnd", "status", "shape", "open_sides"}


def statements_during(app, call):
    seen = []

    def count(conn, cursor, statement, *args):
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        result = call()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return result, [s for s in seen if not s.startswith(("BEGIN", "PRAGMA", "SAVEPOINT", "RELEASE"))]


def test_booth_list_has_every_booth_with_status_and_shape(app, client, fair):
    response, statements = statements_during(app, lambda: client.get(f"/api/v1/fairs/{SLUG}/booths"))
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    booths = {b["code"]: b for b in response.get_json()}
    assert len(booths) == 12 and all(set(b) == FIELDS for b in booths.values())
    assert booths["A-02"] == {"code": "A-02", "hall": "A", "type": "standard", "width_m": 3.0, "depth_m": 3.0,
                              "area_m2": 9.0, "price_vnd": 12_000_000, "open_sides": 1, "status": "available",
                              "shape": {"kind": "rect", "x": 5.0, "y": 2.0, "w": 3.0, "h": 3.0}}
    assert booths["A-99"]["status"] == "blocked"
    assert booths["B-01"]["shape"] == {"kind": "polygon", "points": [[2, 2], [8, 2], [8, 5], [5, 8], [2, 8]]}
    # Every booth with its status, the fair joined in, in one query: no query per booth.
    assert len(statements) == 1, statements


def test_the_database_built_json_matches_the_python_list(app, client, fair, exhibitor):
    from fairapp.exhibitors.services.floorplan import booth_list
    from tests.exhibitors.conftest import get_fair

    hold_via_api(signed_in_client(app, exhibitor()), "A-03")
    served = client.get(f"/api/v1/fairs/{SLUG}/booths").get_json()
    with app.app_context():
        assert served == booth_list(get_fair().id)


def test_unknown_fair_is_404_json(client, fair):
    response = client.get("/api/v1/fairs/no-such-fair/booths")
    assert response.status_code == 404 and response.get_json()["message"]


def test_hold_answers_201_then_409_to_the_next_exhibitor(app, fair, exhibitor):
    first = signed_in_client(app, exhibitor())
    second = signed_in_client(app, exhibitor(locale="en"))
    response = hold_via_api(first, "A-02")
    assert response.status_code == 201
    body = response.get_json()
    assert body["booth"] == "A-02" and datetime.fromisoformat(body["held_until"]).tzinfo is not None
    assert hold_via_api(first, "A-02").status_code == 201  # renewing one's own hold
    taken = hold_via_api(second, "A-02")
    assert taken.status_code == 409
    assert taken.get_json() == {"error": "taken", "message":
                                "Sorry, booth A-02 has just been taken by someone else. Please choose another booth."}
    statuses = {b["code"]: b["status"] for b in first.get(f"/api/v1/fairs/{SLUG}/booths").get_json()}
    assert statuses["A-02"] == "held"


def test_hold_without_fair_parameter_uses_the_current_fair(app, fair, exhibitor):
    client = signed_in_client(app, exhibitor())
    token = csrf_token(client, "/")
    response = client.post("/api/v1/booths/A-05/hold", headers={"X-CSRFToken": token})
    assert response.status_code == 201 and response.get_json()["booth"] == "A-05"


def test_hold_refusals_are_clear_in_the_users_language(app, client, fair, exhibitor, make_user):
    vi = signed_in_client(app, exhibitor())
    blocked = hold_via_api(vi, "A-99")
    assert blocked.status_code == 409
    assert blocked.get_json() == {"error": "blocked", "message": "Không thể đặt gian hàng A-99."}
    unknown = hold_via_api(vi, "Z-404")
    assert unknown.status_code == 404
    assert unknown.get_json() == {"error": "no_booth", "message": "Hội chợ này không có gian hàng Z-404."}
    no_csrf = vi.post(f"/api/v1/booths/A-02/hold?fair={SLUG}")
    assert no_csrf.status_code == 400 and no_csrf.is_json
    anonymous = hold_via_api(client, "A-02")
    assert anonymous.status_code == 401 and anonymous.get_json()["message"]
    organiser = signed_in_client(app, make_user("organizer"))
    assert hold_via_api(organiser, "A-02").status_code == 403
    statuses = {b["code"]: b["status"] for b in client.get(f"/api/v1/fairs/{SLUG}/booths").get_json()}
    assert statuses["A-02"] == "available"


def test_giving_a_hold_back(app, client, fair, exhibitor):
    holder = signed_in_client(app, exhibitor())
    assert hold_via_api(holder, "A-02").status_code == 201
    response = holder.delete(f"/api/v1/booths/A-02/hold?fair={SLUG}", headers={"X-CSRFToken": csrf_token(holder)})
    assert response.status_code == 204
    statuses = {b["code"]: b["status"] for b in client.get(f"/api/v1/fairs/{SLUG}/booths").get_json()}
    assert statuses["A-02"] == "available"


def test_an_exhibitor_with_an_application_cannot_hold_more_booths(app, fair, exhibitor):
    from tests.exhibitors.services.test_applications import submit

    email = exhibitor()
    submit(app, email, booth="A-02")
    refused = hold_via_api(signed_in_client(app, email), "A-05")
    assert refused.status_code == 409
    assert refused.get_json() == {"error": "duplicate", "message": "Bạn đã có đơn đăng ký cho hội chợ này."}
