"""Every JSON API, walked from the app's url_map: each field it reads (body, query string, path) is sent
the wrong type, a 100 kB string, negative and huge numbers, null, unknown values; each answer is a
400/422 JSON naming the field, in Vietnamese (English for an English user), and nothing is stored.
A new /api/ endpoint without an `@accepts` spec or a case here fails the suite."""
import inspect
import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import quote

import pytest
from sqlalchemy import func, select

from fairapp.contest.models import ContestRound
from fairapp.core import payload
from fairapp.core.models import Job
from fairapp.extensions import db
from tests.conftest import PASSWORD, login
from tests.contest.conftest import (  # noqa: F401 (fixtures)
    assigned_jurors, client_as, open_round, submit, token_of, world,
)
from tests.visitors.conftest import device_token, fair, issue  # noqa: F401 (fixtures)

HUGE_TEXT = "ư" * 100_000
VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹáàãéèíìóòõúùý]", re.I)
READS_THE_REQUEST = re.compile(r"request\.(args|form|values|data|json|get_json|get_data|files)\b")


@dataclass
class Case:
    """A request the endpoint accepts; each probe changes one field of it."""

    client: object
    method: str
    path: dict
    body: dict | None = None
    query: dict = field(default_factory=dict)
    headers: dict = field(default_factory=dict)
    rule: object = None


def api_endpoints(app):
    return sorted({rule.endpoint for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/")})


def spec_of(app, endpoint):
    return getattr(app.view_functions[endpoint], "accepts", None)


def rule_of(app, endpoint):
    return next(rule for rule in app.url_map.iter_rules() if rule.endpoint == endpoint)


# ---------------------------------------------------------------- one accepted request per endpoint


def _signed_in(app, make_user, role, locale="vi"):
    client = app.test_client()
    login(client, make_user(role, locale=locale), PASSWORD)
    return client


def _device(request):
    _id, code = request.getfixturevalue("issue")("Nguyễn Thị Mai")
    return code, {"Authorization": f"Bearer {request.getfixturevalue('device_token')}"}


def case_checkin(request, app, make_user):
    code, headers = _device(request)
    return Case(app.test_client(), "POST", {}, body={
        "code": code, "gate": "Cổng 1", "direction": "in", "nonce": uuid.uuid4().hex, "fair": "hoi-cho-test",
        "scanned_at": datetime.now(timezone.utc).isoformat()}, headers=headers)


def case_gate_search(request, app, make_user):
    _code, headers = _device(request)
    return Case(app.test_client(), "GET", {}, query={"q": "Nguyễn"}, headers=headers)


def case_gate_count(request, app, make_user):
    _code, headers = _device(request)
    return Case(app.test_client(), "GET", {}, query={"gate": "Cổng 1"}, headers=headers)


def case_gates(request, app, make_user):
    _code, headers = _device(request)
    return Case(app.test_client(), "GET", {}, headers=headers)


def case_keys(request, app, make_user):
    request.getfixturevalue("fair")
    return Case(app.test_client(), "GET", {"slug": "hoi-cho-test"})


def case_attendance(request, app, make_user):
    from fairapp.core.fairs import local_today

    request.getfixturevalue("fair")
    return Case(_signed_in(app, make_user, "organizer"), "GET", {"slug": "hoi-cho-test"},
                query={"day": local_today().isoformat()})


def _exhibitors_fair(app):
    from tests.exhibitors.conftest import SLUG, build_fair

    with app.app_context():
        build_fair()
        db.session.commit()
    return SLUG


def case_booths(request, app, make_user):
    return Case(app.test_client(), "GET", {"slug": _exhibitors_fair(app)})


def _hold_case(request, app, make_user, method):
    slug = _exhibitors_fair(app)
    client = _signed_in(app, make_user, "exhibitor")
    return Case(client, method, {"code": "A-02"}, query={"fair": slug}, headers={"X-CSRFToken": token_of(client)})


def case_hold(request, app, make_user):
    return _hold_case(request, app, make_user, "POST")


def case_release(request, app, make_user):
    return _hold_case(request, app, make_user, "DELETE")


def case_job(request, app, make_user):
    from fairapp.core.auth.services import find_user

    email = make_user("organizer")
    with app.app_context():
        job = Job(kind="audit.export", params={}, owner_id=find_user(email).id, status="running", total=10, done=3)
        db.session.add(job)
        db.session.commit()
        job_id = job.id
    client = app.test_client()
    login(client, email, PASSWORD)
    return Case(client, "GET", {"job_id": job_id})


def _draft_world(request, app, locale="vi"):
    world_ = request.getfixturevalue("world")
    entry_id = request.getfixturevalue("submit")()
    request.getfixturevalue("open_round")()
    juror = assigned_jurors(app, world_.round1_id, entry_id)[0]
    if locale != "vi":
        from fairapp.core.auth.services import find_user

        with app.app_context():
            find_user(juror).locale = locale
            db.session.commit()
    with app.app_context():
        criterion = db.session.get(ContestRound, world_.round1_id).criteria[0].id
    client = request.getfixturevalue("client_as")(juror)
    return world_, entry_id, criterion, client


def case_draft(request, app, make_user, locale="vi"):
    world_, entry_id, criterion, client = _draft_world(request, app, locale)
    return Case(client, "POST", {"round_id": world_.round1_id, "entry_id": entry_id},
                body={"scores": {str(criterion): {"score": "6", "comment": "Men lam đều, nét vẽ tinh xảo."}}},
                headers={"X-CSRFToken": token_of(client)})


CASES = {
    "visitors.checkin_api": case_checkin,
    "visitors.gate_search_api": case_gate_search,
    "visitors.gate_count_api": case_gate_count,
    "visitors.gates_api": case_gates,
    "visitors.keys_api": case_keys,
    "visitors.attendance_api": case_attendance,
    "exhibitors_api.booths": case_booths,
    "exhibitors_api.hold": case_hold,
    "exhibitors_api.release": case_release,
    "core.job_api": case_job,
    "contest_api.save_draft": case_draft,
}


# ---------------------------------------------------------------- the probes, derived from the spec


def probes(spec, from_text, in_path=False):
    """(value, why) pairs that the spec must refuse."""
    if from_text:  # a query string or a path: always text
        found = [("x" * 100_000, "100 kB")]
        if spec.kind == "integer":
            found = [("9" * 30, "huge"), (str(spec.min - 1), "below the minimum"), (str(spec.max + 1), "above the maximum")]
            if not in_path:  # <int:…> routes only digits: anything else is a 404 before any view
                found += [("abc", "letters"), ("1.5", "a fraction"), ("-5", "negative")]
        elif spec.kind == "day":
            found += [("not-a-day", "no date"), ("2026-13-45", "no such day")]
        elif spec.choices:
            found.append(("sideways", "unknown value"))
        return found
    found = [([1, 2], "a list"), ({"a": 1}, "an object")]
    if not spec.nullable:
        found.append((None, "null"))
    if spec.kind == "text":
        found += [(5, "a number"), (True, "a boolean"), (HUGE_TEXT, "100 kB")]
        if spec.choices:
            found.append(("sideways", "unknown value"))
    elif spec.kind == "integer":
        found += [("abc", "letters"), (True, "a boolean"), (1.5, "a fraction"), (-(10**6), "negative"),
                  (10**30, "huge"), (spec.min - 1, "below the minimum"), (spec.max + 1, "above the maximum")]
    elif spec.kind == "boolean":
        found += [("yes", "text"), (1, "a number")]
    elif spec.kind == "day":
        found += [(5, "a number"), ("2026-13-45", "no such day"), (HUGE_TEXT, "100 kB")]
    elif spec.kind in ("object", "mapping"):
        found = [(5, "a number"), ("x", "text"), ([1, 2], "a list")] + ([(None, "null")] if not spec.nullable else [])
        if spec.kind == "mapping":
            found.append(({str(n): {} for n in range(spec.max_items + 1)}, "too many items"))
    elif spec.kind == "list":
        found = [(5, "a number"), ("x", "text"), ({"a": 1}, "an object"),
                 ([None] * (spec.max_items + 1), "too many items")]
    return found


def body_fields(fields, sample, prefix=()):
    """(path, spec) for every field of a body spec, nested ones too, following the sample body's keys."""
    for name, spec in fields.items():
        here = prefix + (name,)
        yield here, spec
        value = sample.get(name) if isinstance(sample, dict) else None
        if spec.kind == "object":
            yield from body_fields(spec.fields, value or {}, here)
        elif spec.kind == "mapping" and value:
            key = next(iter(value))
            yield here + (key,), spec.values
            if spec.values.kind == "object":
                yield from body_fields(spec.values.fields, value[key], here + (key,))


def with_value(body, path, value):
    """A copy of the body with the value at `path` replaced."""
    if len(path) == 1:
        return {**body, path[0]: value}
    return {**body, path[0]: with_value(body.get(path[0]) or {}, path[1:], value)}


def row_counts(app):
    with app.app_context():
        return {table.name: db.session.scalar(select(func.count()).select_from(table))
                for table in db.metadata.sorted_tables}


def url_of(case, path=None):
    url = case.rule.rule
    for name, value in {**case.path, **(path or {})}.items():
        url = re.sub(rf"<(?:[a-z]+:)?{name}>", quote(str(value), safe=""), url)
    return url


def send(app, case, *, path=None, query=None, body=None, headers=None):
    url = url_of(case, path)
    query = case.query if query is None else query
    kwargs = {"query_string": query, "headers": {**case.headers, **(headers or {})}}
    if case.body is not None or body is not None:
        kwargs["json"] = case.body if body is None else body
    return case.client.open(url, method=case.method, **kwargs)


def assert_refused(app, response, field_name, before, what):
    assert response.status_code in (400, 422), f"{what}: {response.status_code} {response.get_data(as_text=True)[:300]}"
    assert response.is_json, what
    answer = response.get_json()
    assert answer["field"] == field_name, f"{what}: {answer}"
    assert answer["error"] and answer["error"] not in ("400", "422"), f"{what}: {answer}"
    assert VIETNAMESE.search(answer["message"]), f"{what}: not Vietnamese: {answer['message']!r}"
    assert row_counts(app) == before, f"{what}: something was stored"


# ---------------------------------------------------------------- the tests


def test_every_api_endpoint_declares_what_it_reads_and_has_a_case(app):
    endpoints = api_endpoints(app)
    assert endpoints, "no /api/ routes found"
    without_spec = [e for e in endpoints if not isinstance(spec_of(app, e), payload.Accepts)]
    assert not without_spec, f"/api/ endpoints without @payload.accepts: {without_spec}"
    assert sorted(CASES) == endpoints, "every /api/ endpoint needs a case in CASES (and only those)"


@pytest.mark.parametrize("endpoint", sorted(CASES))
def test_the_view_reads_the_request_only_through_its_spec(app, endpoint):
    view = inspect.unwrap(app.view_functions[endpoint])
    assert not READS_THE_REQUEST.search(inspect.getsource(view)), f"{endpoint} reads the request around its spec"


@pytest.mark.parametrize("endpoint", sorted(CASES))
def test_every_field_refuses_wrong_input_with_a_named_422(request, app, make_user, endpoint):
    case = CASES[endpoint](request, app, make_user)
    case.rule = rule_of(app, endpoint)
    accepts = spec_of(app, endpoint)
    checked = 0
    for name, spec in (accepts.path or {}).items():
        for value, why in probes(spec, from_text=True, in_path=True):
            before = row_counts(app)
            assert_refused(app, send(app, case, path={name: value}), name, before, f"{endpoint} path {name}: {why}")
            checked += 1
    for name, spec in (accepts.query or {}).items():
        for value, why in probes(spec, from_text=True):
            before = row_counts(app)
            response = send(app, case, query={**case.query, name: value})
            assert_refused(app, response, name, before, f"{endpoint} ?{name}=: {why}")
            checked += 1
    if accepts.body is not None:
        for path, spec in body_fields(accepts.body, case.body):
            for value, why in probes(spec, from_text=False):
                before = row_counts(app)
                response = send(app, case, body=with_value(case.body, path, value))
                assert_refused(app, response, ".".join(path), before, f"{endpoint} {'.'.join(path)}: {why}")
                checked += 1
        for raw, why in (("{not json", "no JSON"), ("[1, 2]", "a list"), ('"text"', "a string"), ("[" * 5000, "deep")):
            before = row_counts(app)
            response = case.client.open(url_of(case), method=case.method, data=raw,
                                        content_type="application/json", headers=case.headers)
            assert response.status_code == 400 and response.get_json()["error"] == "bad_json", f"{endpoint}: {why}"
            assert VIETNAMESE.search(response.get_json()["message"]) and row_counts(app) == before
    assert checked or not (accepts.path or accepts.query or accepts.body), endpoint
    # Unknown query parameters are no input of the endpoint: ignored, never a 500.
    assert send(app, case, query={**case.query, "unknown": HUGE_TEXT}).status_code < 500
    # And the request the probes started from is accepted: the refusals were the probes' doing.
    accepted = send(app, case)
    assert accepted.status_code < 400, f"{endpoint}: {accepted.status_code} {accepted.get_data(as_text=True)[:300]}"


def test_the_reported_probes(request, app, make_user):
    """The three bodies that answered 500: a gate as a number, a score sheet of bare numbers, a list comment."""
    checkin = case_checkin(request, app, make_user)
    checkin.rule = rule_of(app, "visitors.checkin_api")
    before = row_counts(app)
    response = send(app, checkin, body={**checkin.body, "gate": 5})
    assert response.status_code == 422
    assert response.get_json() == {"error": "wrong_type", "field": "gate",
                                   "message": "Trường gate phải là chuỗi ký tự."}
    assert row_counts(app) == before

    draft = case_draft(request, app, make_user)
    draft.rule = rule_of(app, "contest_api.save_draft")
    criterion = next(iter(draft.body["scores"]))
    before = row_counts(app)
    bare = send(app, draft, body={"scores": {criterion: 5}})
    assert bare.status_code == 422 and bare.get_json()["field"] == f"scores.{criterion}"
    listed = send(app, draft, body={"scores": {criterion: {"score": "6", "comment": ["Đẹp", "tinh xảo"]}}})
    assert listed.status_code == 422 and listed.get_json()["field"] == f"scores.{criterion}.comment"
    assert row_counts(app) == before


def test_an_english_user_reads_the_refusal_in_english(request, app, make_user):
    draft = case_draft(request, app, make_user, locale="en")
    draft.rule = rule_of(app, "contest_api.save_draft")
    criterion = next(iter(draft.body["scores"]))
    response = send(app, draft, body={"scores": {criterion: {"score": 11}}})
    assert response.status_code == 422
    assert response.get_json() == {"error": "out_of_range", "field": f"scores.{criterion}.score",
                                   "message": f"scores.{criterion}.score must be between 0 and 10."}


def test_a_scanner_asking_in_english_reads_english(request, app, make_user):
    checkin = case_checkin(request, app, make_user)
    checkin.rule = rule_of(app, "visitors.checkin_api")
    response = send(app, checkin, body={**checkin.body, "direction": "sideways"}, headers={"Accept-Language": "en"})
    assert response.status_code == 422
    assert response.get_json()["message"] == "direction must be one of: in, out."


def test_text_is_cleaned_before_use(request, app, make_user):
    """NFC and no control characters: a gate name typed on a phone in decomposed form still matches."""
    import unicodedata

    checkin = case_checkin(request, app, make_user)
    checkin.rule = rule_of(app, "visitors.checkin_api")
    gate = unicodedata.normalize("NFD", "Cổng 1") + "\x00\u200b"
    response = send(app, checkin, body={**checkin.body, "gate": gate})
    assert response.status_code == 200 and response.get_json()["result"] == "ok"
    assert response.get_json()["gate"] == "Cổng 1"
