"""Live attendance figures against scans built by hand: per hour (local time), gate, type and day,
people inside = in − out, refused scans with their reasons; the page and API are for organisers."""
from datetime import timedelta

from fairapp.extensions import db
from fairapp.visitors.models import Ticket
from tests.conftest import csrf_token, login


def figures(client, day):
    response = client.get(f"/api/v1/fairs/hoi-cho-test/attendance?day={day.isoformat()}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_figures_match_the_scans(app, client, signed_in, scans):
    signed_in("organizer")
    data = figures(client, scans)
    assert (data["entries"], data["exits"], data["inside"]) == (5, 2, 3)
    hours = {h["hour"]: (h["in"], h["out"]) for h in data["hours"]}
    assert hours[8] == (1, 0) and hours[9] == (2, 0) and hours[10] == (2, 1) and hours[11] == (0, 1)
    assert hours[12] == (0, 0)  # the offline scan counts when it was scanned, not when it arrived
    assert sum(i for i, _o in hours.values()) == 5
    assert min(hours) == 8 and max(hours) >= 20  # opening hours are always shown
    assert {g["gate"]: (g["in"], g["out"]) for g in data["gates"]} == {"Cổng 1": (3, 1), "Cổng 2": (2, 1)}
    by_type = {t["code"]: t["in"] for t in data["types"]}
    assert by_type["visitor"] == 3 and by_type["trade"] == 2 and by_type["vip"] == 0
    assert [(d["in"], d["out"]) for d in data["days"]] == [(5, 2), (1, 0), (0, 0), (0, 0)]
    refused = data["refused"]
    assert refused["count"] == 2
    assert {r["result"]: r["count"] for r in refused["by_reason"]} == {"already_checked_in": 1, "invalid": 1}
    newest, older = refused["latest"]
    assert (newest["result"], newest["gate"], newest["time"], newest["name"]) == ("invalid", "Cổng 2", "11:30", "")
    assert newest["reason"] == "Mã không hợp lệ hoặc giả mạo"
    assert (older["name"], older["reason"]) == ("Lê Thị Bình", "Đã vào cổng trước đó")
    assert older["message"] == "Vé đã được dùng lúc 09:40 tại Cổng 1."


def test_other_day_has_its_own_figures(client, signed_in, scans):
    signed_in("organizer")
    data = figures(client, scans + timedelta(days=1))
    assert (data["entries"], data["exits"], data["inside"], data["refused"]["count"]) == (1, 0, 1, 0)
    assert data["gates"] == [{"gate": "Cổng 3", "in": 1, "out": 0}]


def test_a_refused_check_in_through_the_api_is_listed_with_its_reason(app, client, make_user, issue):
    ticket_id, code = issue("Mai Văn Sáng")
    with app.app_context():
        db.session.get(Ticket, ticket_id).status = "revoked"
        db.session.commit()
    login(client, make_user("gate"))
    token = csrf_token(client, "/kiosk")
    answer = client.post("/api/v1/checkins", json={"code": code, "gate": "Cổng 2", "fair": "hoi-cho-test"},
                         headers={"X-CSRFToken": token}).get_json()
    assert answer["result"] == "revoked"
    organiser = app.test_client()
    login(organiser, make_user("organizer"))
    data = organiser.get("/api/v1/fairs/hoi-cho-test/attendance").get_json()
    assert data["entries"] == 0
    [row] = data["refused"]["latest"]
    assert (row["name"], row["gate"], row["result"], row["reason"]) == ("Mai Văn Sáng", "Cổng 2", "revoked",
                                                                         "Vé đã bị thu hồi")


def test_page_shows_the_tables_without_javascript(client, signed_in, scans):
    signed_in("organizer")
    page = client.get(f"/visitors/admin/attendance?day={scans.isoformat()}").get_data(as_text=True)
    assert '<div class="attendance-figure" id="att-inside">3</div>' in page
    assert '<tr><td>Cổng 1</td><td class="text-end">3</td><td class="text-end">1</td></tr>' in page
    assert '<tr><td>08:00</td><td class="text-end">1</td><td class="text-end">0</td></tr>' in page
    assert "Mã không hợp lệ hoặc giả mạo" in page and "Lê Thị Bình" in page
    assert 'src="/static/js/visitors/attendance.js"' in page
    assert 'data-url="/api/v1/fairs/hoi-cho-test/attendance?day=' in page


def test_a_day_outside_the_fair_is_refused(client, signed_in, scans):
    signed_in("organizer")
    assert client.get("/api/v1/fairs/hoi-cho-test/attendance?day=1999-01-01").status_code == 400
    assert client.get("/api/v1/fairs/hoi-cho-test/attendance?day=bad").status_code == 422  # not a date
    assert client.get("/api/v1/fairs/no-such-fair/attendance").status_code == 404


def test_attendance_is_for_organisers_only(app, make_user, fair):
    for role in ("gate", "exhibitor", "juror"):
        client = app.test_client()
        login(client, make_user(role))
        assert client.get("/visitors/admin/attendance").status_code == 403
        assert client.get("/api/v1/fairs/hoi-cho-test/attendance").status_code == 403
    assert app.test_client().get("/api/v1/fairs/hoi-cho-test/attendance").status_code == 401
