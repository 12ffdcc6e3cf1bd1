"""Online visitor registration under load: the real form (CSRF, throttle, ticket PDF, mail queued).

Target: ≥ 175 registrations/s. Mail goes to the job queue (MAIL_DISPATCH=queue) as in production.
"""
import http.client
import os
import re
import urllib.parse

from bench.common import bench_app, gunicorn, print_table, run_load

REGISTRATIONS = 3000
CLIENTS = 8


def fill(app):
    from fairapp.core.fairs import local_today
    from fairapp.core.models import Fair
    from fairapp.extensions import db
    from fairapp.visitors.services.tickets import set_up_fair

    today = local_today()
    fair = Fair(slug="bench", name="Hội chợ Quà tặng Hà Nội", venue="Hà Nội", starts_on=today, ends_on=today)
    db.session.add(fair)
    db.session.flush()
    set_up_fair(fair)
    db.session.commit()
    return today.isoformat()


def session_and_token(port):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/register")
    response = connection.getresponse()
    page = response.read().decode()
    cookie = next(value.split(";", 1)[0] for name, value in response.getheaders()
                  if name.lower() == "set-cookie" and value.startswith("session="))
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    return cookie, token


def main():
    with bench_app() as (app, env):
        with app.test_request_context():
            day = fill(app)
        env = {**env, "REGISTRATIONS_PER_ADDRESS": "1000000"}
        with gunicorn(env, workers=int(os.environ.get("BENCH_WORKERS", "4"))) as port:
            cookie, token = session_and_token(port)
            bodies = [{"name": f"Nguyễn Thị Khách {i}", "email": f"khach{i}@example.vn", "phone": "0912345678",
                       "organization": "Công ty Quà tặng Việt", "ticket_type": "visitor", "days": day,
                       "consent": "y", "website": "", "csrf_token": token} for i in range(REGISTRATIONS + 100)]
            headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
            encode = lambda body: urllib.parse.urlencode(body).encode()  # noqa: E731
            run_load(port, bodies[:100], 4, path="/register", headers=headers, encode=encode)  # warm-up
            row = run_load(port, bodies[100:], CLIENTS, path="/register", headers=headers, encode=encode)
        print_table(f"online registration (form, ticket PDF, mail queued), SQLite, {CLIENTS} clients", [row])
        return row


if __name__ == "__main__":
    main()
