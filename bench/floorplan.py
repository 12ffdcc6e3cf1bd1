"""Floor plan under load: 500 booths and 2,000 applications on SQLite, gunicorn on loopback.

Measures the booth API and the floor plan page (p50/p99, 1 and 8 clients) and contended holds:
signed-in exhibitors holding different booths, and all of them racing for the same booth.
Target: booth API p99 ≤ 20 ms with 500 booths (one query, status computed in SQL).
Run: .venv/bin/python -m bench.floorplan   (about 30 s)
"""
import http.client
import os
import re
import threading
import time
import urllib.parse
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import func, insert, select

from bench.common import bench_app, gunicorn, percentile, print_table, run_load

SLUG = "bench"
HALLS, PER_HALL = ("A", "B", "C", "D", "E"), 100  # 500 booths, 10 × 10 per hall
APPLICATIONS = 2_000
HOLDERS = 16
HOLDS_PER_CLIENT = 20
READS = 250
PASSWORD = "bench-password-2026"
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
TARGET_P99_MS = 20


def fill():
    """The fair, its 500 booths, 2,000 exhibitors with profiles and applications in every state
    (250 of them holding a booth), and HOLDERS more exhibitors for the hold runs."""
    from fairapp.core.db import utcnow
    from fairapp.core.fairs import local_today
    from fairapp.core.models import Fair, User
    from fairapp.core.passwords import hash_password
    from fairapp.exhibitors.models import (
        Booth, BoothClaim, ExhibitorApplication, ExhibitorProfile, Hall,
    )
    from fairapp.exhibitors.services.setup import terms_for
    from fairapp.extensions import db

    today, now = local_today(), utcnow()
    fair = Fair(slug=SLUG, name="Hội chợ đo tải", venue="Hà Nội", starts_on=today + timedelta(days=30),
                ends_on=today + timedelta(days=33))
    db.session.add(fair)
    db.session.flush()
    terms_for(fair)
    booth_rows = []
    for code in HALLS:
        hall = Hall(fair_id=fair.id, code=code, name=f"Nhà {code}", width_m=Decimal(40), depth_m=Decimal(40))
        db.session.add(hall)
        db.session.flush()
        for n in range(PER_HALL):
            row, col = divmod(n, 10)
            booth_rows.append({"fair_id": fair.id, "hall_id": hall.id, "code": f"{code}-{n + 1:03d}",
                               "booth_type": "corner" if col in (0, 9) else "standard", "width_m": Decimal(3),
                               "depth_m": Decimal(3), "open_sides": 1, "price_vnd": 12_000_000,
                               "x_m": Decimal(2 + col * 3 + (col // 5) * 3), "y_m": Decimal(2 + row * 3 + row // 2 * 3),
                               "blocked": n % 50 == 27, "block_reason": "Cột" if n % 50 == 27 else None})
    db.session.execute(insert(Booth), booth_rows)
    booths = db.session.scalars(select(Booth.id).where(Booth.fair_id == fair.id, Booth.blocked.is_(False))
                                .order_by(Booth.id)).all()
    password_hash = hash_password(PASSWORD)
    people = APPLICATIONS + HOLDERS
    db.session.execute(insert(User), [
        {"email": f"nghenhan{i}@bench.vn", "name": f"Nghệ nhân {i}", "name_key": f"nghe nhan {i}",
         "role": "exhibitor", "locale": "vi", "password_hash": password_hash, "email_confirmed_at": now,
         "is_active_account": True, "created_at": now} for i in range(people)])
    user_ids = db.session.scalars(select(User.id).where(User.email.like("%@bench.vn")).order_by(User.id)).all()
    db.session.execute(insert(ExhibitorProfile), [
        {"user_id": uid, "kind": "household", "name": f"Cơ sở gốm {i}", "representative": f"Nghệ nhân {i}",
         "phone": "+84912345678", "email": f"nghenhan{i}@bench.vn", "address": "Bát Tràng", "district": "Gia Lâm",
         "province": "Hà Nội", "craft_village": "Bát Tràng", "craft": "ceramics", "promotion_eligible": i % 2 == 0,
         "search_key": f"co so gom {i} bat trang gia lam", "updated_at": now}
        for i, uid in enumerate(user_ids[:APPLICATIONS])])
    profile_ids = db.session.scalars(select(ExhibitorProfile.id).order_by(ExhibitorProfile.id)).all()
    # 100 confirmed, 50 approved, 100 submitted (each with its booth), 300 waitlisted, the rest closed.
    states = ["confirmed"] * 100 + ["approved"] * 50 + ["submitted"] * 100 + ["waitlisted"] * 300
    states += ["rejected", "withdrawn"] * ((APPLICATIONS - len(states)) // 2)
    applications = []
    for i, (uid, pid, status) in enumerate(zip(user_ids, profile_ids, states)):
        with_booth = i < 250
        applications.append({
            "fair_id": fair.id, "open_fair_id": fair.id if status in ("confirmed", "approved", "submitted",
                                                                       "waitlisted") else None,
            "user_id": uid, "profile_id": pid, "status": status, "booth_id": booths[i] if with_booth else None,
            "first_choice_id": booths[i % len(booths)], "products": "Gốm men lam", "needs_power": False,
            "needs_extra_table": False, "submitted_at": now,
            "waitlisted_at": now if status == "waitlisted" else None})
    db.session.execute(insert(ExhibitorApplication), applications)
    claimed = db.session.execute(select(ExhibitorApplication.id, ExhibitorApplication.user_id,
                                        ExhibitorApplication.booth_id, ExhibitorApplication.status)
                                 .where(ExhibitorApplication.booth_id.is_not(None))).all()
    db.session.execute(insert(BoothClaim), [
        {"booth_id": booth_id, "fair_id": fair.id, "user_id": uid, "application_id": aid,
         "state": "confirmed" if status == "confirmed" else "reserved", "created_at": now}
        for aid, uid, booth_id, status in claimed])
    db.session.commit()
    free = db.session.scalars(select(Booth.code).where(Booth.fair_id == fair.id, Booth.blocked.is_(False))
                              .where(~Booth.id.in_(select(BoothClaim.booth_id))).order_by(Booth.id)).all()
    holders = [f"nghenhan{i}@bench.vn" for i in range(APPLICATIONS, people)]
    return free, holders


class Session:
    """One signed-in exhibitor on one keep-alive connection: session cookie and CSRF token."""

    def __init__(self, port, email):
        self.port, self.cookie, self.connection = port, "", None
        token = self._token("/auth/login")
        body = urllib.parse.urlencode({"email": email, "password": PASSWORD, "csrf_token": token})
        status, _ = self.request("POST", "/auth/login", body,
                                 {"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 302, f"login of {email} answered {status}"
        self.csrf = self._token("/")

    def _token(self, path):
        _status, page = self.request("GET", path)
        return re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)

    def request(self, method, path, body=None, headers=None):
        headers = {**(headers or {}), **({"Cookie": self.cookie} if self.cookie else {})}
        for attempt in range(2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (OSError, http.client.HTTPException):
                self.connection = None
                if attempt:
                    raise
        for cookie in response.msg.get_all("Set-Cookie") or []:
            if cookie.startswith("session="):
                self.cookie = cookie.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
            self.connection = None
        return response.status, text

    def hold(self, code):
        return self.request("POST", f"/api/v1/booths/{code}/hold?fair={SLUG}",
                            headers={"X-CSRFToken": self.csrf, "Accept": "application/json"})[0]


def sign_in_all(port, emails):
    """Sign every exhibitor in at once (each sign-in is a deliberately slow argon2 check)."""
    sessions = [None] * len(emails)

    def run(index):
        sessions[index] = Session(port, emails[index])

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(emails))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sessions


def hold_load(sessions, plan, title):
    """Each session POSTs its list of booth codes; returns throughput, latency and answers by status."""
    latencies, answers, lock = [], {}, threading.Lock()
    start = threading.Barrier(len(sessions))

    def run(session, codes):
        mine, statuses = [], {}
        start.wait()
        for code in codes:
            began = time.perf_counter()
            status = session.hold(code)
            mine.append(time.perf_counter() - began)
            statuses[status] = statuses.get(status, 0) + 1
        with lock:
            latencies.extend(mine)
            for status, count in statuses.items():
                answers[status] = answers.get(status, 0) + count

    threads = [threading.Thread(target=run, args=(s, codes)) for s, codes in zip(sessions, plan)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    return {"run": title, "clients": len(sessions), "requests": len(latencies), "seconds": round(elapsed, 2),
            "per_second": round(len(latencies) / elapsed, 1), "p50_ms": round(percentile(latencies, .5) * 1000, 2),
            "p99_ms": round(percentile(latencies, .99) * 1000, 2), "201": answers.get(201, 0),
            "409": answers.get(409, 0), "other": sum(v for k, v in answers.items() if k not in (201, 409))}


def check_claims(app, hot=None):
    """After a race: one claim per booth at most (the constraint), and one holder of the hot booth."""
    from fairapp.exhibitors.models import Booth, BoothClaim
    from fairapp.extensions import db

    with app.app_context():
        per_booth = db.session.execute(select(BoothClaim.booth_id, func.count()).group_by(BoothClaim.booth_id)
                                       .having(func.count() > 1)).all()
        hot_holders = db.session.scalar(select(func.count()).select_from(BoothClaim).join(Booth)
                                        .where(Booth.code == hot)) if hot else 1
        db.session.remove()
    assert per_booth == [] and hot_holders == 1, (per_booth, hot_holders)


def main():
    began = time.perf_counter()
    with bench_app() as (app, env):
        with app.test_request_context():
            free, holders = fill()
        filled = time.perf_counter() - began
        booths_path, page_path = f"/api/v1/fairs/{SLUG}/booths", f"/exhibitors/{SLUG}/floor-plan"
        reads, holds = [], []
        # Import the app once and fork the workers: four cold imports on a busy machine take seconds.
        env = {**env, "GUNICORN_CMD_ARGS": "--preload"}
        with gunicorn(env, workers=WORKERS) as port:
            started = time.perf_counter() - began
            run_load(port, [None] * 100, 4, method="GET", path=booths_path)  # warm-up every worker
            for path, label in ((booths_path, "booth API"), (page_path, "floor plan page")):
                for clients, count in ((1, READS), (8, READS)):
                    row = run_load(port, [None] * count, clients, method="GET", path=path, timeout_s=15)
                    reads.append({"what": label, **row})
            sessions = sign_in_all(port, holders)
            # Different booths: every exhibitor walks its own 10 free booths, over and over.
            own = [(free[i * 10:(i + 1) * 10] * HOLDS_PER_CLIENT)[:HOLDS_PER_CLIENT] for i in range(len(sessions))]
            holds.append(hold_load(sessions, own, "own booths"))
            # The same booth: everyone races for one free booth, again and again.
            hot = free[-1]
            holds.append(hold_load(sessions, [[hot] * HOLDS_PER_CLIENT] * len(sessions), "same booth"))
            check_claims(app, hot)
            # Mixed: every other request goes to one of five hot booths, the rest to the client's own.
            hot5 = free[-6:-1]
            mixed = [[hot5[j % 5] if j % 2 else own[i][j] for j in range(HOLDS_PER_CLIENT)]
                     for i in range(len(sessions))]
            holds.append(hold_load(sessions, mixed, "mixed"))
            check_claims(app)
    print_table(f"floor plan reads: 500 booths, {APPLICATIONS} applications, SQLite, gunicorn {WORKERS} workers",
                reads)
    print_table(f"booth holds: {HOLDERS} signed-in exhibitors, {HOLDS_PER_CLIENT} holds each", holds)
    api_p99 = max(row["p99_ms"] for row in reads if row["what"] == "booth API" and row["clients"] == 1)
    print(f"\ntarget: booth API p99 ≤ {TARGET_P99_MS} ms with one client: {api_p99} ms "
          f"({'met' if api_p99 <= TARGET_P99_MS else 'MISSED'}); "
          f"same-booth race: {holds[1]['201']} holds granted (one exhibitor, then its renewals), "
          f"{holds[1]['409']} refused, {holds[1]['other']} other answers; "
          f"filled in {filled:.1f} s, serving after {started:.1f} s, whole run {time.perf_counter() - began:.1f} s")
    return {"reads": reads, "holds": holds, "api_p99_ms": api_p99}


if __name__ == "__main__":
    main()
