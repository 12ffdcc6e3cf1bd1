"""Juror scoring page latency: one juror with 60 assigned entries (photos, rubric with 11 score
levels per criterion, half the sheets saved), served by gunicorn on loopback from a fresh SQLite file.

Prints and returns p50/p99 (ms) for the scoring page with 1 and 4 clients, and for the juror's queue.
"""
import http.cookiejar
import re
import time
import urllib.parse
import urllib.request

from bench.common import bench_app, gunicorn, print_table, run_load

ENTRIES = 60
BUDGET_S = 50  # measuring stops here; filling and start-up come before
PASSWORD = "bench-juror-password-2026"
JUROR = "giamkhao@bench.example.vn"
# Flask-Login's "strong" session protection ties the session to the browser's User-Agent.
USER_AGENT = "fairapp-bench/1"


def fill(app):
    """A contest with one juror on every panel and 60 entries assigned to them; returns (round id, entry ids)."""
    from datetime import date, timedelta

    from fairapp.contest.services.assignment import add_to_panel, auto_assign
    from fairapp.contest.demo import ENTRIES as DEMO_ENTRIES
    from fairapp.contest.demo import add_hanoi_rubric, demo_photo
    from fairapp.contest.models import Contest, ContestCategory
    from fairapp.contest.services import entries, jury, setup
    from fairapp.core.auth.services import new_user
    from fairapp.core.db import utcnow
    from fairapp.core.models import Fair
    from fairapp.demo import CATEGORIES
    from fairapp.extensions import db

    today = date.today()
    fair = Fair(slug="bench-contest", name="Hội chợ đo tải", venue="Hà Nội", starts_on=today + timedelta(days=60),
                ends_on=today + timedelta(days=63))
    contest = Contest(fair=fair, year=today.year, name="Cuộc thi đo tải", submissions_open_at=utcnow() - timedelta(days=1),
                      submissions_close_at=utcnow() + timedelta(days=1))
    db.session.add_all([fair, contest])
    for position, (code, name, name_en) in enumerate(CATEGORIES):
        db.session.add(ContestCategory(contest=contest, code=code, name=name, name_en=name_en, position=position))
    db.session.flush()
    round_ = setup.add_round(contest, name="Vòng sơ khảo")
    setup.update_round(round_, name="Vòng sơ khảo", jurors_per_entry=1, quorum=1, normalisation_min_entries=10,
                       disagreement_points=4, advance_percent=30)
    add_hanoi_rubric(round_)
    entrant = new_user(email="nghenhan@bench.example.vn", name="Nghệ nhân đo tải", role="exhibitor")
    juror = new_user(email=JUROR, name="Giám khảo đo tải", role="juror", password=PASSWORD, confirmed=True)
    for category in contest.categories:
        add_to_panel(category, juror)
    by_code = {c.code: c.id for c in contest.categories}
    ids = []
    for n in range(ENTRIES):
        code, title, materials, village = DEMO_ENTRIES[n % len(DEMO_ENTRIES)]
        entry = entries.submit_entry(contest, entrant, {
            "category_id": by_code[code], "title": f"{title} {n}", "description": f"{title}: mẫu mới. " * 8,
            "materials": materials, "techniques": "Thủ công", "dimensions": "30 × 20 × 15", "designers": "Tác giả",
            "maker_name": "Người làm", "maker_village": village, "declared_new": True, "declared_original": True,
            "declared_no_ip_infringement": True}, [demo_photo(n), demo_photo(n + 500)], notify=False)
        entries.screen_entry(entry, eligible=True)
        ids.append(entry.id)
    setup.open_round(round_)
    auto_assign(round_)
    for entry_id in ids[: ENTRIES // 2]:
        entry = db.session.get(type(entry), entry_id)
        jury.save_sheet(juror, round_, entry, {c.id: (6, "") for c in round_.criteria}, submit=True)
    db.session.commit()
    return round_.id, ids


def session_cookie(port):
    """Sign the juror in through the real login form; the session cookie for later requests."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("User-Agent", USER_AGENT)]
    page = opener.open(f"http://127.0.0.1:{port}/auth/login", timeout=10).read().decode()
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"email": JUROR, "password": PASSWORD, "csrf_token": token}).encode()
    opener.open(f"http://127.0.0.1:{port}/auth/login", data=body, timeout=10).read()
    cookies = "; ".join(f"{c.name}={c.value}" for c in jar)
    check = urllib.request.Request(f"http://127.0.0.1:{port}/contest/jury/",
                                   headers={"Cookie": cookies, "User-Agent": USER_AGENT})
    assert "Giám khảo đo tải" in urllib.request.urlopen(check, timeout=10).read().decode(), "juror not signed in"
    return cookies


def measure(port, cookies, paths, clients, rounds, deadline=float("inf")):
    requests = [(path, None) for _ in range(rounds) for path in paths]
    timeout = max(1.0, deadline - time.monotonic())
    return run_load(port, requests, clients, method="GET", path=None, timeout_s=timeout,
                    headers={"Cookie": cookies, "User-Agent": USER_AGENT},
                    check=lambda status, body: status == 200 and b"contest-progress" in body)


def main():
    started = time.monotonic()
    with bench_app() as (app, env):
        with app.test_request_context():
            round_id, ids = fill(app)
        paths = [f"/contest/jury/rounds/{round_id}/entries/{entry_id}" for entry_id in ids]
        with gunicorn(env, workers=4) as port:
            cookies = session_cookie(port)
            deadline = started + BUDGET_S
            measure(port, cookies, paths[:10], 1, 2, deadline)  # warm-up: templates compiled, connections opened
            page_1 = measure(port, cookies, paths, 1, 4, deadline)
            page_4 = measure(port, cookies, paths, 4, 2, deadline)
            queue = measure(port, cookies, [f"/contest/jury/rounds/{round_id}"], 1, 60, deadline)
    figures = {"scoring_page_1_client": page_1, "scoring_page_4_clients": page_4, "queue_page_1_client": queue,
               "seconds": round(time.monotonic() - started, 1)}
    print_table(f"Juror scoring page, {ENTRIES} assigned entries (SQLite, gunicorn 4 workers)",
                [dict(page="scoring 1", **page_1), dict(page="scoring 4", **page_4), dict(page="queue", **queue)])
    print(f"  total {figures['seconds']} s")
    return figures


if __name__ == "__main__":
    main()
