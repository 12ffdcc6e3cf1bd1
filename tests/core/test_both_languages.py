"""Both languages everywhere: what organisers type shows in English on English pages (the
Vietnamese when no English was typed), and every code the data stores — statuses, scan results,
audit actions — reaches a person as a translated label, never as the raw code."""
import ast
import html
import pathlib
import re

import pytest
from flask_babel import force_locale
from sqlalchemy import CheckConstraint, select

from fairapp.contest.models import ContestCategory, JuryAssignment, RubricCriterion
from fairapp.core import labels
from fairapp.core.i18n import localized
from fairapp.core.models import Fair, User
from fairapp.demo import DEMO_PASSWORD, load_demo
from fairapp.exhibitors.models import Hall
from fairapp.extensions import db
from tests.conftest import login

PACKAGE = pathlib.Path(__file__).resolve().parents[2] / "fairapp"
EN = {"Accept-Language": "en"}


@pytest.fixture
def demo(app):
    with app.test_request_context():
        fair = load_demo()
        db.session.commit()
        return fair.slug


def _text(page):
    """The words a person reads: no tags, attributes, scripts or styles."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


# ---------------------------------------------------------------- the helper


def test_localized_prefers_the_english_twin_on_english_pages_only(app):
    hall = Hall(code="A", name="Nhà A", name_en="Hall A")
    untranslated = Hall(code="B", name="Nhà B", name_en="")
    with app.test_request_context():
        with force_locale("en"):
            assert localized(hall) == "Hall A"
            assert localized(untranslated) == "Nhà B"
            assert localized({"name": "Cổng 1", "name_en": "Gate 1"}) == "Gate 1"
            assert localized(hall, locale="vi") == "Nhà A"  # a recipient's own language wins
        with force_locale("vi"):
            assert localized(hall) == "Nhà A"
            assert localized(hall, locale="en") == "Hall A"
        assert localized(None) == ""


# ---------------------------------------------------------------- names organisers type


def test_english_pages_show_the_english_names_and_fall_back_to_vietnamese(app, demo):
    client = app.test_client()
    home = _text(client.get("/", headers=EN).get_data(as_text=True))
    assert "Hanoi Handicraft Gift Fair" in home and "Hội chợ Quà tặng" not in home
    plan = _text(client.get(f"/exhibitors/{demo}/floor-plan", headers=EN).get_data(as_text=True))
    assert "Hall A" in plan and "Nhà A" not in plan
    contest = _text(client.get("/contest/", headers=EN).get_data(as_text=True))
    assert "Ceramics" in contest and "Gốm sứ" not in contest
    assert "Hanoi Handicraft Design Contest" in contest and "Creativity" in contest

    with app.app_context():
        hall = db.session.scalar(select(Hall).where(Hall.code == "A"))
        category = db.session.scalar(select(ContestCategory).where(ContestCategory.code == "GOM"))
        hall.name_en = category.name_en = ""
        db.session.commit()
    plan = _text(client.get(f"/exhibitors/{demo}/floor-plan", headers=EN).get_data(as_text=True))
    assert "Nhà A" in plan and "Hall B" in plan
    contest = _text(client.get("/contest/", headers=EN).get_data(as_text=True))
    assert "Gốm sứ" in contest and "Lacquer" in contest

    vietnamese = _text(client.get("/", headers={"Accept-Language": "vi"}).get_data(as_text=True))
    assert "Hội chợ Quà tặng hàng thủ công mỹ nghệ Hà Nội" in vietnamese


def test_a_juror_reading_english_scores_against_english_criteria(app, demo):
    with app.app_context():
        assignment = db.session.scalars(select(JuryAssignment).where(JuryAssignment.status == "active")).first()
        juror = db.session.get(User, assignment.juror_id)
        juror.locale = "en"
        path = f"/contest/jury/rounds/{assignment.round_id}/entries/{assignment.entry_id}"
        criterion = db.session.scalar(select(RubricCriterion).where(RubricCriterion.round_id == assignment.round_id,
                                                                    RubricCriterion.key == "creativity"))
        english, vietnamese, criterion_id = criterion.name_en, criterion.name, criterion.id
        db.session.commit()
        email = juror.email
    client = app.test_client()
    login(client, email, DEMO_PASSWORD)
    page = _text(client.get(path).get_data(as_text=True))
    assert english in page and vietnamese not in page
    with app.app_context():
        db.session.get(RubricCriterion, criterion_id).name_en = ""
        db.session.commit()
    assert vietnamese in _text(client.get(path).get_data(as_text=True))


def test_organisers_type_the_english_names_next_to_the_vietnamese(app, demo, signed_in):
    from tests.conftest import post_form

    client = signed_in("organizer")
    page = client.get(f"/exhibitors/manage/{demo}/halls").get_data(as_text=True)
    assert 'name="name_en"' in page
    response = post_form(client, f"/exhibitors/manage/{demo}/halls",
                         {"code": "D", "name": "Nhà D", "name_en": "Hall D", "width_m": "20", "depth_m": "20"},
                         page=f"/exhibitors/manage/{demo}/halls")
    assert response.status_code == 302
    for path in (f"/exhibitors/manage/{demo}/settings", "/visitors/admin/gates", "/contest/admin/settings"):
        assert 'name="name_en"' in client.get(path).get_data(as_text=True), path
    with app.app_context():
        assert db.session.scalar(select(Hall.name_en).where(Hall.code == "D")) == "Hall D"
        fair = db.session.scalar(select(Fair))
        assert fair.name_en == f"Hanoi Handicraft Gift Fair {fair.starts_on.year}"


# ---------------------------------------------------------------- every stored code has a label

IN_LIST = re.compile(r"(\w+) IN \(([^)]*)\)")


def _constrained_columns():
    """{"table.column": {values}} for every CHECK constraint of the form `column IN (…)`."""
    found = {}
    for table in db.metadata.tables.values():
        for constraint in table.constraints:
            if isinstance(constraint, CheckConstraint):
                for column, values in IN_LIST.findall(str(constraint.sqltext)):
                    found.setdefault(f"{table.name}.{column}", set()).update(re.findall(r"'([^']*)'", values))
    return found


def _assert_translated(label, code):
    with force_locale("en"):
        english = str(label)
    with force_locale("vi"):
        vietnamese = str(label)
    assert vietnamese != code, f"{code}: no label"
    assert vietnamese != english, f"{code}: '{english}' has no Vietnamese translation"


def test_every_value_a_check_constraint_allows_has_a_vietnamese_label(app):
    columns = _constrained_columns()
    assert "outbox_messages.status" in columns and "scans.result" in columns  # the scan finds them
    with app.test_request_context():
        for column, values in sorted(columns.items()):
            kind = labels.COLUMNS.get(column)
            assert kind, f"{column} has no registered labels (core.labels.register_statuses)"
            for value in sorted(values):
                assert value in labels.STATUSES[kind], f"{column} = {value!r} has no label"
                _assert_translated(labels.STATUSES[kind][value], value)


def test_every_computed_status_has_a_vietnamese_label(app):
    from fairapp.core.mail import STATE_LABELS
    from fairapp.exhibitors.services.floorplan import STATUSES as BOOTH_STATUSES

    with app.test_request_context():
        for status in BOOTH_STATUSES:
            _assert_translated(labels.STATUSES["booth"][status], status)
        for state, label in STATE_LABELS.items():
            _assert_translated(label, state)
        for code, label in labels.STATUSES["ticket_source"].items():
            _assert_translated(label, code)


# An f-string action stands for these (a new f-string fails until it is listed here).
ACTION_PATTERNS = {
    "assignment.{status}": ("assignment.removed", "assignment.recused"),
    "sheet.{sheet.status}": ("sheet.submitted", "sheet.abstained", "sheet.draft"),
    "user.{purpose}_password": ("user.reset_password", "user.invite_password"),
}
AUDIT_CALLS = ("record", "record_changes")


def _call_name(node):
    return node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)


def _strings(node):
    """The action strings one argument can be: constants, both sides of an if-else, listed f-strings."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _strings(node.body) + _strings(node.orelse)
    if isinstance(node, ast.JoinedStr):
        pattern = "".join(v.value if isinstance(v, ast.Constant) else "{" + ast.unparse(v.value) + "}"
                          for v in node.values)
        assert pattern in ACTION_PATTERNS, f"audit action {pattern}: list what it stands for in ACTION_PATTERNS"
        return list(ACTION_PATTERNS[pattern])
    return []


def audit_actions_in_the_code():
    """Every audit action the code records, found by reading it: literals passed to record() and
    record_changes(), and literals passed to a helper that hands its parameter on to them."""
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in PACKAGE.rglob("*.py")}
    actions, relays = set(), {}
    for path, tree in trees.items():
        if path.parent.name == "core" and path.name == "audit.py":
            continue
        for function in [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.Module))]:
            params = [a.arg for a in function.args.args] if isinstance(function, ast.FunctionDef) else []
            for call in [n for n in ast.walk(function) if isinstance(n, ast.Call)]:
                if _call_name(call) not in AUDIT_CALLS or not call.args:
                    continue
                first = call.args[0]
                if isinstance(first, ast.Name) and first.id in params:
                    relays[function.name] = params.index(first.id)
                else:
                    actions.update(_strings(first))
    for tree in trees.values():
        for call in [n for n in ast.walk(tree) if isinstance(n, ast.Call)]:
            index = relays.get(_call_name(call))
            if index is not None and len(call.args) > index:
                actions.update(_strings(call.args[index]))
    return actions


def test_every_audit_action_in_the_code_has_a_vietnamese_label(app):
    actions = audit_actions_in_the_code()
    assert {"application.submit", "exhibitor.photos_add", "ticket.reprint", "sheet.draft"} <= actions
    with app.test_request_context():
        for action in sorted(actions):
            assert action in labels.ACTIONS, f"audit action {action!r} has no label (core.labels.register_actions)"
            _assert_translated(labels.ACTIONS[action], action)
        for object_type, label in labels.OBJECTS.items():
            _assert_translated(label, object_type)


def test_every_domain_error_message_is_translated():
    """DomainError(...) gets _() text, or a parameter its callers fill with _() text."""
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for call in [n for n in ast.walk(tree) if isinstance(n, ast.Call) and _call_name(n) == "DomainError"]:
            message = call.args[0] if call.args else None
            assert message is not None, f"{path}:{call.lineno}: DomainError without a message"
            ok = (isinstance(message, ast.Call) and _call_name(message) in ("_", "_l", "gettext", "ngettext")) \
                or isinstance(message, (ast.Name, ast.Attribute))
            assert ok, f"{path}:{call.lineno}: DomainError message is not translated: {ast.unparse(message)}"


# ---------------------------------------------------------------- no raw code on the organiser pages

BADGE = re.compile(r'<(span|div|p|td|li|dd)\b[^>]*class="[^"]*\b(badge|status)\b[^"]*"[^>]*>(.*?)</\1>', re.S)
START = ["/exhibitors/manage/", "/contest/admin/", "/visitors/admin/tickets", "/visitors/admin/gates",
         "/visitors/admin/ticket-types", "/visitors/admin/devices", "/admin/", "/admin/audit", "/admin/mail", "/admin/users"]
FOLLOW = ("/exhibitors/manage", "/contest/admin", "/visitors/admin", "/admin")
SKIP = re.compile(r"\.(pdf|csv|xlsx|zip|ics)$|export|download|template")
MAX_PAGES = 90


def _raw_codes():
    codes = {code for kind in labels.STATUSES.values() for code in kind if re.fullmatch(r"[a-z_]+", code)}
    return codes, set(labels.ACTIONS) | {o for o in labels.OBJECTS if "_" in o}


def test_no_raw_code_on_the_demo_fairs_organiser_pages_in_vietnamese(app, demo, make_user):
    client = app.test_client()
    login(client, make_user("organizer", locale="vi"))
    codes, actions = _raw_codes()
    seen, queue, found = set(), [*START, f"/exhibitors/manage/{demo}/settings"], []
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen or SKIP.search(path):
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or not response.content_type.startswith("text/html"):
            continue
        page = response.get_data(as_text=True)
        for match in BADGE.finditer(page):
            words = set(re.findall(r"[a-z_]+", _text(match.group(3))))
            found += [(path, w) for w in words & codes]
        text = _text(page)
        found += [(path, a) for a in actions if re.search(rf"(?<![\w.]){re.escape(a)}(?![\w.])", text)]
        queue += [h for h in re.findall(r'href="(/[^"#?]*)', page) if h.startswith(FOLLOW) and h not in seen]
    assert len(seen) > 30
    assert "/admin/audit" in seen
    assert not found, found
