"""Bulk badge printing through the real job (query → PDF in pieces → one UPDATE → stored result).

Each run is a fresh process, so its peak RSS (VmHWM) is that run's own. The rendering is measured
alone first (query → pieces → one joined file), then the whole job, whose result — the PDF as one
bytes value in the jobs table — costs about three times its size in memory while it is stored.
Targets: ≤ 6.5 ms and ≤ 5 KB per A6 badge page; peak RSS ≤ 150 MB at 1,000 and 10,000 badges.
Run: .venv/bin/python -m bench.badges [layout …]   (default: a6 4xa6 10x90x54)
"""
import json
import os
import secrets
import subprocess
import sys
from datetime import date, timedelta

from sqlalchemy import insert, select, update

from bench.common import ROOT, bench_app, print_table

SIZES = (1_000, 10_000)
LAYOUTS = ("a6", "4xa6", "10x90x54")
TARGET_MS_PER_PAGE, TARGET_KB_PER_PAGE, TARGET_PEAK_MB = 6.5, 5.0, 150
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Quang", "Ngọc", "Hữu"]
GIVEN = ["Đức", "Hương", "Ánh", "Tuyết", "Sơn", "Thảo", "Nhung", "Dũng", "Phượng", "Ưng", "Quỳnh", "Hải"]
ORGANISATIONS = ["", "HTX Gốm sứ Bát Tràng", "Làng lụa Vạn Phúc", "Công ty Mây tre đan Phú Vinh",
                 "Cơ sở sơn mài Hạ Thái", "Báo Hà Nội Mới", "Hợp tác xã khảm trai Chuyên Mỹ, Phú Xuyên, Hà Nội"]


def fill(count, slug):
    """A fair with `count` signed tickets of every type; returns its id."""
    from fairapp.core.fairs import local_today
    from fairapp.core.i18n import search_key
    from fairapp.core.models import Fair
    from fairapp.extensions import db
    from fairapp.visitors.models import Ticket
    from fairapp.visitors.services import codes
    from fairapp.visitors.services.tickets import set_up_fair, ticket_types

    today = local_today()
    fair = Fair(slug=slug, name="Hội chợ Quà tặng hàng thủ công mỹ nghệ Hà Nội 2026", venue="Hà Nội",
                starts_on=today, ends_on=today + timedelta(days=3))
    db.session.add(fair)
    db.session.flush()
    set_up_fair(fair)
    types = ticket_types(fair)
    rows = []
    for i in range(count):
        name = f"{FAMILY[i % 12]} {MIDDLE[i % 8]} {GIVEN[i * 7 % 12]} {i}"
        ticket_type = types[i % len(types)]
        rows.append({"fair_id": fair.id, "type_id": ticket_type.id, "name": name, "name_key": search_key(name),
                     "organization": ORGANISATIONS[i % len(ORGANISATIONS)] or None,
                     "days": ticket_type.valid_days[: 1 + i % 4], "private_token": secrets.token_urlsafe(18),
                     "locale": "vi" if i % 5 else "en", "source": "import", "status": "valid", "version": 1,
                     "exits": 0})
    db.session.execute(insert(Ticket), rows)
    key = codes.active_key(fair.id)
    signed = [{"id": ticket_id, "code": codes.sign(key, ticket_id, 1, [date.fromisoformat(d) for d in days])}
              for ticket_id, days in db.session.execute(select(Ticket.id, Ticket.days).where(Ticket.fair_id == fair.id))]
    db.session.execute(update(Ticket), signed)
    db.session.commit()
    return fair.id


def peak_rss_mb():
    """This process's peak RSS. VmHWM starts afresh at exec; ru_maxrss would carry over the
    parent's peak (the parent that filled the database is bigger than any run)."""
    import resource

    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_one(url, fair_id, layout):
    """In a fresh process: render the selection alone (no job), then the whole job; times, sizes, peak RSS."""
    import tempfile
    import time

    from fairapp import create_app
    from fairapp.core.jobs import run_job
    from fairapp.core.models import Fair, Job
    from fairapp.extensions import db
    from fairapp.printing import LAYOUTS as SHEETS, register_fonts
    from fairapp.visitors.documents.badges import render_badges
    from fairapp.visitors.services.badge_printing import Selection, start_badge_print

    app = create_app("development", {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": os.environ["SECRET_KEY"]})
    register_fonts()
    with app.app_context():
        job, count = start_badge_print(db.session.get(Fair, fair_id), layout=layout)
        db.session.commit()
        job_id = job.id
    baseline = peak_rss_mb()

    # 1. The pipeline the job runs, up to the finished PDF file: query, pieces, join.
    with app.app_context(), tempfile.TemporaryFile() as pdf:
        selection = Selection(db.session.get(Job, job_id).params)
        wall, cpu = time.perf_counter(), time.process_time()
        render_badges(selection.badges(), layout, out=pdf, title=selection.fair.name)
        render_wall, render_cpu = time.perf_counter() - wall, time.process_time() - cpu
        size = pdf.tell()
        db.session.rollback()
    render_peak = peak_rss_mb()

    # 2. The whole job: the same again, one UPDATE, and the PDF stored as the job's result.
    wall = time.perf_counter()
    run_job(app, job_id)
    job_wall = time.perf_counter() - wall
    with app.app_context():
        job = db.session.get(Job, job_id)
        assert job.status == "done", job.error
    pages = -(-count // SHEETS[layout].per_sheet)
    print(json.dumps({"layout": layout, "badges": count, "pages": pages,
                      "ms_page": round(1000 * render_wall / pages, 2),
                      "cpu_ms_page": round(1000 * render_cpu / pages, 2),
                      "kb_page": round(size / 1024 / pages, 2), "kb_badge": round(size / 1024 / count, 2),
                      "badges_s": round(count / render_wall), "job_s": round(job_wall, 1),
                      "base_mb": round(baseline), "render_mb": round(render_peak), "job_mb": round(peak_rss_mb())}))


def main(layouts=LAYOUTS):
    rows = []
    with bench_app() as (app, env):
        with app.test_request_context():
            fairs = {size: fill(size, f"bench-{size}") for size in SIZES}
        url = app.config["SQLALCHEMY_DATABASE_URI"]
        for layout in layouts:
            for size in SIZES:
                out = subprocess.run([sys.executable, "-m", "bench.badges", "--run", url, str(fairs[size]), layout],
                                     env=env, cwd=ROOT, capture_output=True, text=True)
                if out.returncode:
                    raise RuntimeError(f"{layout} × {size} failed:\n{out.stderr}")
                rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    load = " / ".join(f"{n:.1f}" for n in os.getloadavg())
    print_table(f"bulk badge printing (SQLite; each row its own process; load average {load}); "
                "ms, KB and badges/s for the rendering, job_s for the whole job; peak RSS in MB after "
                "start-up (base), the rendering (render) and the whole job (job)", rows)
    print(f"\ntargets: ≤ {TARGET_MS_PER_PAGE} ms and ≤ {TARGET_KB_PER_PAGE} KB per page (A6: one badge a page), "
          f"peak RSS ≤ {TARGET_PEAK_MB} MB")
    for row in rows:
        print(f"  {row['layout']} × {row['badges']}: {row['ms_page']} ms/page (CPU {row['cpu_ms_page']}), "
              f"{row['kb_page']} KB/page, {row['badges_s']} badges/s, peak {row['render_mb']} MB rendering, "
              f"{row['job_mb']} MB with the result stored")
    return rows


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--run":
        run_one(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    else:
        main(tuple(sys.argv[1:]) or LAYOUTS)
