"""Time shown is time true: a hold or offer whose expiry has passed is shown and counted as free by
every page, list, export and API at once, while its row is still in the database (no sweeper ran)."""
import csv
import io
import json
import re
from datetime import timedelta, timezone

import pytest
from sqlalchemy import func, select, text

from fairapp.core.db import utcnow
from fairapp.exhibitors.models import BoothClaim, ExhibitorApplication
from fairapp.exhibitors.services import applications, claims
from fairapp.extensions import db
from tests.exhibitors.conftest import SLUG, get_booth, hold_via_api, signed_in_client, user_by_email
from tests.exhibitors.services.test_applications import submit

# The ways a lapsed expiry reaches the table: the app's own writes, and rows written by hand or by
# another tool (ISO text with a "T", a local time with its offset).
WRITES = ("orm", "iso_text", "offset_text")


def set_expiry_in_the_past(app, write, claim_filter, minutes=12):
    """Put the expiry of the claims matching `claim_filter` (SQL text) `minutes` in the past, directly."""
    past = utcnow() - timedelta(minutes=minutes)
    with app.app_context():
        postgres = db.engine.dialect.name == "postgresql"
        if write == "orm":
            for claim in db.session.scalars(select(BoothClaim).where(text(claim_filter))):
                claim.expires_at = past
        elif write == "iso_text":
            value = past.replace(tzinfo=None).isoformat(timespec="seconds")
            db.session.execute(text(f"UPDATE booth_claims SET expires_at = :t WHERE {claim_filter}"), {"t": value})
        else:
            local = past.astimezone(timezone(timedelta(hours=7))).isoformat(timespec="seconds")
            target = "CAST(:t AS timestamptz) AT TIME ZONE 'UTC'" if postgres else ":t"
            db.session.execute(text(f"UPDATE booth_claims SET expires_at = {target} WHERE {claim_filter}"),
                               {"t": local})
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(BoothClaim).where(text(claim_filter))) == 1
        stored = db.session.scalar(select(BoothClaim.expires_at).where(text(claim_filter)))
        # Read back as the same moment (to the second), whatever form it was written in.
        assert abs(stored - past) < timedelta(seconds=1)


def booth_statuses(client):
    response = client.get(f"/api/v1/fairs/{SLUG}/booths")
    assert response.status_code == 200
    return {b["code"]: b["status"] for b in json.loads(response.get_data(as_text=True))}


def organiser_counts(page):
    """The organiser's booth page legend "Label: n · Label: n" as {label: n}."""
    line = re.search(r'<p class="small">(.*?)</p>', page, re.S).group(1)
    return {label.strip(): int(n) for label, n in re.findall(r"([^:·]+):\s*(\d+)", line)}


@pytest.mark.parametrize("write", WRITES)
def test_a_lapsed_hold_is_free_everywhere_before_any_sweep(app, fair, exhibitor, make_user, write):
    first, second = exhibitor(), exhibitor()
    holder = signed_in_client(app, first)
    assert hold_via_api(holder, "A-07").status_code == 201
    boss = signed_in_client(app, make_user("organizer", name="Trần Thị Thu Hà"))
    held_counts = organiser_counts(boss.get(f"/exhibitors/manage/{SLUG}/booths").get_data(as_text=True))
    assert held_counts["Đang giữ chỗ"] == 1

    set_expiry_in_the_past(app, write, "booth_claims.state = 'hold'")

    # The exhibitor's own page: nothing held, no "continue", the hold said to have lapsed.
    my = holder.get("/exhibitors/my").get_data(as_text=True)
    assert 'data-testid="hold-live"' not in my and "Tiếp tục làm đơn" not in my
    assert 'data-testid="hold-lapsed"' in my and "A-07" in my and "đã hết hạn" in my
    apply_page = holder.get(f"/exhibitors/apply?fair={SLUG}").get_data(as_text=True)
    assert 'data-testid="hold-live"' not in apply_page and 'id="hold-notice"' not in apply_page
    assert 'data-testid="hold-lapsed"' in apply_page
    # The floor plan's JSON (panel and legend are drawn from it) and the organiser's pages.
    assert booth_statuses(holder)["A-07"] == "available"
    booths_page = boss.get(f"/exhibitors/manage/{SLUG}/booths").get_data(as_text=True)
    counts = organiser_counts(booths_page)
    assert counts["Đang giữ chỗ"] == 0 and counts["Còn trống"] == held_counts["Còn trống"] + 1
    assert re.search(r">A-07</a></td>(?:(?!</tr>).)*<td>Còn trống</td>", booths_page, re.S)
    exported = boss.get(f"/exhibitors/manage/{SLUG}/export/booths.csv").get_data(as_text=True)
    row = next(r for r in csv.reader(io.StringIO(exported.lstrip("\ufeff"))) if r and r[0] == "A-07")
    assert "Còn trống" in row
    with app.app_context():
        assert claims.current_hold(user_by_email(first), get_booth("A-07").fair) is None

    # Another exhibitor can hold it at once; the first one's page then shows nothing at all.
    assert hold_via_api(signed_in_client(app, second), "A-07").status_code == 201
    assert booth_statuses(holder)["A-07"] == "held"
    my = holder.get("/exhibitors/my").get_data(as_text=True)
    assert 'data-testid="hold-live"' not in my and 'data-testid="hold-lapsed"' not in my


@pytest.mark.parametrize("write", WRITES)
def test_a_lapsed_waitlist_offer_is_shown_lapsed_and_frees_the_booth(app, fair, exhibitor, make_user, write):
    waiting, taker = exhibitor(), exhibitor()
    application_id = submit(app, waiting, booth="A-02")
    with app.test_request_context():
        application = db.session.get(ExhibitorApplication, application_id)
        claims.drop(application)
        application.set_status("waitlisted")
        application.waitlisted_at = utcnow() - timedelta(hours=1)
        claims.offer(application, get_booth("A-07"), 48)
        db.session.commit()
    client = signed_in_client(app, waiting)
    my = client.get("/exhibitors/my").get_data(as_text=True)
    assert "Nhận gian hàng" in my  # the live offer, before it lapses

    set_expiry_in_the_past(app, write, f"booth_claims.application_id = {application_id}")

    my = client.get("/exhibitors/my").get_data(as_text=True)
    assert "Nhận gian hàng" not in my and "Gian hàng A-07" not in my
    assert 'data-testid="offer-lapsed"' in my
    assert booth_statuses(client)["A-07"] == "available"
    boss = signed_in_client(app, make_user("organizer", name="Trần Thị Thu Hà"))
    queue = boss.get(f"/exhibitors/manage/{SLUG}/applications").get_data(as_text=True)
    assert "<td>A-07</td>" not in queue
    detail = boss.get(f"/exhibitors/manage/applications/{application_id}").get_data(as_text=True)
    assert "Gian hàng A-07" not in detail
    exported = boss.get(f"/exhibitors/manage/{SLUG}/export/exhibitors.csv").get_data(as_text=True)
    assert "A-07" not in exported
    with app.app_context():
        # Back among those waiting for a booth, and the booth is anybody's.
        assert application_id in [a.id for a in applications.waiting_list(get_booth("A-07").fair_id)]
    assert hold_via_api(signed_in_client(app, taker), "A-07").status_code == 201


def test_a_lapsed_hold_does_not_stop_the_organiser_deleting_the_booth(app, fair, exhibitor, make_user):
    holder = signed_in_client(app, exhibitor())
    assert hold_via_api(holder, "A-08").status_code == 201
    set_expiry_in_the_past(app, "iso_text", "booth_claims.state = 'hold'")
    from fairapp.exhibitors.services.setup import delete_booth

    with app.test_request_context():
        delete_booth(get_booth("A-08"))
        db.session.commit()
        assert get_booth("A-08") is None
        assert db.session.scalar(select(func.count()).select_from(BoothClaim)) == 0
