"""Every role's main pages in a real Chromium, at 1366×850 and 390×844, on the demo fair: axe-core
finds no serious or critical violation, no attribute is rendered as the text "None", and on the
phone every link, button and field a visitor, exhibitor, juror or gate keeper taps is at least
44 × 44 px (links inside sentences excepted).

axe-core is vendored in tests/browser/vendor/axe-core (see fairapp/static/vendor/README.md) and
injected from that file into contexts opened with bypass_csp, since no page of the app loads it."""
from pathlib import Path

import pytest
from sqlalchemy import select

from fairapp.contest.models import ContestEntry, ContestRound, JuryAssignment
from fairapp.core.models import User
from fairapp.demo import DEMO_PASSWORD, load_demo
from fairapp.exhibitors.models import ExhibitorApplication, ExhibitorProfile, Invoice
from fairapp.extensions import db
from fairapp.visitors.models import Ticket
from tests.browser.conftest import LAPTOP, PHONE

pytestmark = pytest.mark.browser

HERE = Path(__file__).parent
AXE = HERE / "vendor" / "axe-core" / "axe.min.js"
TAP_TARGETS = (HERE / "tap_targets.js").read_text(encoding="utf-8")
FAILING_IMPACTS = ("serious", "critical")

EXHIBITOR = "battrang@fairapp.local"
JUROR = "giamkhao1@fairapp.local"
GATE = "cong1@fairapp.local"
ORGANISER = "bantochuc@fairapp.local"
ACCOUNTS = {"anonymous": None, "exhibitor": EXHIBITOR, "juror": JUROR, "gate": GATE, "organiser": ORGANISER}
# The people who use the app on a phone; the organisers' tables are desk work.
ON_THE_PHONE = ("anonymous", "exhibitor", "juror", "gate")

RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({target: n.target.join(" "), summary: n.failureSummary})),
  }));
}"""


def _user_id(email):
    return db.session.scalar(select(User.id).where(User.email == email))


def main_pages(fair):
    """Each role's main pages on the demo fair, as paths."""
    slug = fair.slug
    artisan = _user_id(EXHIBITOR)
    application = db.session.scalar(select(ExhibitorApplication).where(ExhibitorApplication.user_id == artisan))
    invoice = db.session.scalar(select(Invoice.id).where(Invoice.application_id == application.id))
    profile = db.session.scalar(select(ExhibitorProfile.id).where(ExhibitorProfile.user_id == artisan))
    entry = db.session.scalar(select(ContestEntry.id).where(ContestEntry.entrant_id == artisan)
                              .order_by(ContestEntry.id))
    open_round = db.session.scalar(select(ContestRound.id).where(ContestRound.status == "open"))
    scored = db.session.scalar(select(JuryAssignment.entry_id).where(
        JuryAssignment.juror_id == _user_id(JUROR), JuryAssignment.round_id == open_round)
        .order_by(JuryAssignment.entry_id))
    waiting = db.session.scalar(select(ExhibitorApplication.id).where(
        ExhibitorApplication.fair_id == fair.id, ExhibitorApplication.status == "submitted")
        .order_by(ExhibitorApplication.id))
    ticket = db.session.scalar(select(Ticket.id).order_by(Ticket.id))
    manage = f"/exhibitors/manage/{slug}"
    return {
        "anonymous": ["/", f"/exhibitors/{slug}/floor-plan", f"/exhibitors/{slug}/exhibitors",
                      f"/exhibitors/{slug}/exhibitors/{profile}", "/contest/", "/register", "/auth/login",
                      "/auth/signup", "/auth/reset"],
        "exhibitor": ["/exhibitors/my", "/exhibitors/profile", "/exhibitors/apply",
                      f"/exhibitors/applications/{application.id}/staff", f"/exhibitors/my/invoices/{invoice}",
                      "/contest/entries", "/contest/entries/new", f"/contest/entries/{entry}"],
        "juror": ["/contest/jury/", f"/contest/jury/rounds/{open_round}",
                  f"/contest/jury/rounds/{open_round}/entries/{scored}", "/contest/jury/profile"],
        "gate": ["/gate", "/kiosk", "/kiosk/reprint"],
        "organiser": [
            "/admin/", "/exhibitors/manage/", f"{manage}/applications", f"/exhibitors/manage/applications/{waiting}",
            f"{manage}/invoices", f"{manage}/booths", f"{manage}/halls", f"{manage}/settings",
            "/contest/admin/", "/contest/admin/settings", "/contest/admin/entries", f"/contest/admin/entries/{entry}",
            f"/contest/admin/rounds/{open_round}", f"/contest/admin/rounds/{open_round}/assignments",
            f"/contest/admin/rounds/{open_round}/ranking", "/contest/admin/panels", "/contest/admin/conflicts",
            "/contest/admin/prize-tiers", "/contest/admin/prizes", "/contest/admin/certificates",
            "/visitors/admin/tickets", f"/visitors/admin/tickets/{ticket}", "/visitors/admin/tickets/import",
            "/visitors/admin/ticket-types", "/visitors/admin/gates", "/visitors/admin/devices",
            "/visitors/admin/attendance", "/visitors/admin/badges",
            "/admin/users", "/admin/users/invite", "/admin/mail", "/admin/audit"],
    }


@pytest.fixture
def demo_pages(app):
    """The demo fair loaded into the test database: each role's main pages."""
    with app.app_context():
        fair = load_demo()
        db.session.commit()
        return main_pages(fair)


def sign_in(page, email):
    page.goto("/auth/login")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert "/auth/login" not in page.url, f"{email} could not sign in"


def check_page(page, path, phone):
    """What is wrong with the page at `path`, as lines of text (none when it is fine)."""
    problems = []
    response = page.goto(path)
    if response.status != 200:
        return [f"{path}: answered {response.status}"]
    if '="None"' in page.content():
        problems.append(f'{path}: an attribute is rendered as ="None"')
    page.add_script_tag(path=str(AXE))
    for violation in page.evaluate(RUN_AXE):
        if violation["impact"] not in FAILING_IMPACTS:
            continue
        problems.append(f"{path}: {violation['id']} ({violation['impact']}) {violation['help']} "
                        f"— {violation['helpUrl']}")
        problems += [f"    {node['target']}: {' '.join((node['summary'] or '').split())}"
                     for node in violation["nodes"]]
    if phone:
        problems += [f"{path}: tap target under 44×44 px: {small}" for small in page.evaluate(TAP_TARGETS)]
    return problems


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["1366", "390"])
@pytest.mark.parametrize("role", list(ACCOUNTS))
def test_main_pages_are_accessible(role, viewport, demo_pages, new_page, console):
    page = new_page(viewport=viewport, bypass_csp=True)
    if ACCOUNTS[role]:
        sign_in(page, ACCOUNTS[role])
    phone = viewport == PHONE and role in ON_THE_PHONE
    problems = [line for path in demo_pages[role] for line in check_page(page, path, phone)]
    assert not problems, f"{len(problems)} accessibility problems for the {role}:\n" + "\n".join(problems)
    console.assert_clean()
