"""Accounts through the real app: sign-in and throttling, sign-up and confirmation,
password reset, invitations, the `next` redirect and the audit log they leave."""
import html
import re
from datetime import datetime, timezone
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from flask_babel import force_locale, gettext
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import func, select

from fairapp.core import audit
from fairapp.core.models import AuditEntry, LoginFailure, OutboxMessage, User
from fairapp.core.tokens import password_fingerprint
from fairapp.extensions import db
from tests.conftest import PASSWORD, csrf_token, login, post_form

NEW_PASSWORD = "mat-khau-moi-cung-dai-2027"
BAD_LOGIN_EN = "E-mail or password is incorrect."
BAD_LOGIN_VI = "E-mail hoặc mật khẩu không đúng."
USED_LINK_EN = "This link is invalid, has expired or has already been used."


# ---------------------------------------------------------------- helpers


@pytest.fixture
def en(client):
    """The shared client, reading the site in English (no signed-in user's choice overrides it)."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def new_client(app, *, ip=None, lang="en"):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = lang
    if ip:
        client.environ_base["REMOTE_ADDR"] = ip
    return client


def try_login(client, email, password, next_=None):
    path = "/auth/login" + (f"?{urlencode({'next': next_})}" if next_ else "")
    return post_form(client, path, {"email": email, "password": password}, page="/auth/login")


def is_signed_in(client):
    """A signed-in client gets past the guard of a JSON route (404: no such job); a guest gets 401."""
    status = client.get("/api/v1/jobs/999999").status_code
    assert status in (401, 404), status
    return status == 404


def field_error(page, field):
    """The error text placed right after the field's input, in the element #<field>-error."""
    match = re.search(
        rf'<input\b[^>]*\bid="{field}"[^>]*>\s*(?:<div class="form-text"[^>]*>.*?</div>\s*)?'
        rf'<div\b[^>]*\bid="{field}-error"[^>]*>(.*?)</div>', page, re.S)
    assert match, f"no #{field}-error right after the {field} field in:\n{page}"
    return html.unescape(match.group(1)).strip()


def flashes(page):
    return [html.unescape(m).strip() for m in re.findall(r'<div class="alert[^"]*" role="alert">(.*?)</div>', page, re.S)]


def path_of(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def signup_data(email, **extra):
    return {"name": "Đặng Thị Hồng", "email": email, "phone": "0912 345 678", "password": PASSWORD,
            "confirm": PASSWORD, "locale": "vi", **extra}


def translated(app, locale, msgid):
    with app.test_request_context(), force_locale(locale):
        return gettext(msgid)


def user_row(app, email):
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        if user is not None:
            db.session.expunge(user)
        return user


def audit_rows(app, action=None):
    with app.app_context():
        query = select(AuditEntry).order_by(AuditEntry.id)
        if action:
            query = query.where(AuditEntry.action == action)
        rows = db.session.scalars(query).all()
        for row in rows:
            db.session.expunge(row)
        return rows


def count(app, model, *where):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


# ---------------------------------------------------------------- sign-in


def test_login_with_email_and_password_starts_a_session(en, make_user):
    email = make_user("exhibitor")
    assert not is_signed_in(en)

    response = try_login(en, email.upper(), PASSWORD)

    assert response.status_code == 302
    assert response.headers["Location"] == "/exhibitors/my"  # an exhibitor lands on their booth page
    assert is_signed_in(en)


def test_wrong_password_shows_the_error_under_the_password_field(en, make_user):
    email = make_user("exhibitor")

    response = try_login(en, email, "not-the-password-at-all")

    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "password") == BAD_LOGIN_EN
    assert not is_signed_in(en)


def test_unknown_email_gets_the_same_error_as_a_wrong_password(en):
    response = try_login(en, "nobody@example.vn", PASSWORD)

    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "password") == BAD_LOGIN_EN


def test_login_error_in_vietnamese_by_default(app, make_user):
    """Needs the compiled vi catalogue: without Accept-Language the site speaks Vietnamese."""
    email = make_user("exhibitor")
    client = app.test_client()  # no Accept-Language header

    response = try_login(client, email, "not-the-password-at-all")

    page = response.get_data(as_text=True)
    assert '<html lang="vi">' in page
    assert field_error(page, "password") == BAD_LOGIN_VI


def test_sixth_attempt_after_five_failures_is_refused_even_with_the_right_password(app, en, make_user):
    email = make_user("exhibitor")
    for _ in range(5):
        assert try_login(en, email, "wrong-password-123").status_code == 422

    response = try_login(en, email, PASSWORD)

    assert response.status_code == 429
    assert "Too many failed sign-ins" in field_error(response.get_data(as_text=True), "password")
    assert not is_signed_in(en)
    # The limit is the account's: another address does not get round it.
    elsewhere = new_client(app, ip="198.51.100.7")
    assert try_login(elsewhere, email, PASSWORD).status_code == 429
    assert not is_signed_in(elsewhere)


def test_failures_from_one_address_across_accounts_throttle_that_address(app, make_user):
    email = make_user("exhibitor")
    sprayer = new_client(app, ip="203.0.113.9")
    for n in range(20):
        response = try_login(sprayer, f"guess-{n}@example.vn", "wrong-password-123")
        assert response.status_code == 422, n

    assert try_login(sprayer, email, PASSWORD).status_code == 429
    assert not is_signed_in(sprayer)
    # The account itself is not locked: the owner on another address signs in.
    owner = new_client(app, ip="192.0.2.44")
    assert try_login(owner, email, PASSWORD).status_code == 302
    assert is_signed_in(owner)


def test_successful_login_clears_the_account_failures(app, make_user):
    email = make_user("exhibitor")
    first = new_client(app)
    for _ in range(4):
        assert try_login(first, email, "wrong-password-123").status_code == 422
    assert count(app, LoginFailure, LoginFailure.email == email) == 4

    assert try_login(first, email, PASSWORD).status_code == 302
    assert count(app, LoginFailure, LoginFailure.email == email) == 0

    # Four more failures would make eight (throttled) had the first four not been cleared.
    second = new_client(app)
    for _ in range(4):
        assert try_login(second, email, "wrong-password-123").status_code == 422
    assert try_login(second, email, PASSWORD).status_code == 302


def test_logout_ends_the_session(en, make_user):
    login(en, make_user("juror"))

    response = post_form(en, "/auth/logout", {})

    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/login"
    assert not is_signed_in(en)


# ---------------------------------------------------------------- next


def test_next_brings_the_user_back_to_the_page_they_asked_for(en, make_user):
    email = make_user("organizer")
    guarded = en.get("/admin/audit?action=user")
    assert guarded.status_code == 302
    login_url = guarded.headers["Location"]
    assert urlsplit(login_url).path == "/auth/login"

    response = post_form(en, login_url, {"email": email, "password": PASSWORD}, page=login_url)

    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/audit?action=user"


@pytest.mark.parametrize("target", [
    "https://evil.example/", "//evil.example/", "/\\evil.example/", "\\\\evil.example",
    "javascript:alert(1)", "evil.example/x", "http:/evil.example",
])
def test_next_never_leaves_the_site(en, make_user, target):
    email = make_user("exhibitor")

    response = try_login(en, email, PASSWORD, next_=target)

    assert response.status_code == 302
    location = response.headers["Location"]
    # Resolve it as a browser does (a backslash counts as a slash in http URLs).
    landed = urlsplit(urljoin("http://localhost/auth/login", location.replace("\\", "/")))
    assert (landed.scheme, landed.netloc) == ("http", "localhost"), location
    if urlsplit(target).netloc or target.startswith(("//", "javascript:")):
        assert location == "/exhibitors/my"  # where an exhibitor lands


# ---------------------------------------------------------------- sign-up


def test_signup_confirm_then_login(app, en, mailbox):
    email = "hong.dang@example.vn"

    response = post_form(en, "/auth/signup", signup_data(email, locale="en"), page="/auth/signup")

    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/login"
    user = user_row(app, email)
    assert user.role == "exhibitor"
    assert user.phone == "+84912345678"
    assert user.locale == "en"
    assert user.email_confirmed_at is None

    # Not before the e-mail is confirmed (and asking again re-sends the link).
    refused = try_login(en, email, PASSWORD)
    assert refused.status_code == 422
    assert "Please confirm your e-mail first" in field_error(refused.get_data(as_text=True), "email")
    assert not is_signed_in(en)

    messages = mailbox.wait_for(2)
    assert len(mailbox.to(email)) == 2
    link = mailbox.link_in(mailbox.to(email)[0], r"http://localhost/auth/confirm/\S+")
    confirmed = en.get(path_of(link))
    assert confirmed.status_code == 302
    assert confirmed.headers["Location"] == "/auth/login"
    assert user_row(app, email).email_confirmed_at is not None
    assert all(m["To"] == email for m in messages)

    assert try_login(en, email, PASSWORD).status_code == 302
    assert is_signed_in(en)


@pytest.mark.parametrize("locale", ["vi", "en"])
def test_confirmation_mail_is_in_the_language_chosen_on_the_form(app, mailbox, locale):
    """The vi case needs the compiled vi catalogue."""
    other = "en" if locale == "vi" else "vi"
    client = new_client(app, lang=other)  # the page is in the other language
    email = f"artisan-{locale}@example.vn"

    post_form(client, "/auth/signup", signup_data(email, locale=locale), page="/auth/signup")

    mailbox.wait_for(1)
    [message] = mailbox.to(email)
    msgid = "Confirm your e-mail for the Hanoi Gift Fair"
    expected = translated(app, locale, msgid)
    if locale == "vi":
        assert expected != msgid, "no Vietnamese translation for the confirmation subject"
    assert message["Subject"] == expected
    assert translated(app, locale, "Hello %(name)s,") % {"name": "Đặng Thị Hồng"} in mailbox.text_of(message)


def test_signing_up_twice_shows_the_same_page_and_mails_the_owner(app, en, mailbox):
    email = "twice@example.vn"
    first = post_form(en, "/auth/signup", signup_data(email, locale="en"), page="/auth/signup")
    first_flash = flashes(en.get(first.headers["Location"]).get_data(as_text=True))
    mailbox.wait_for(1)

    second = post_form(en, "/auth/signup", signup_data("Twice@Example.vn", name="Kẻ Khác", locale="en",
                                                       password="another-password-99",
                                                       confirm="another-password-99"),
                       page="/auth/signup")
    second_flash = flashes(en.get(second.headers["Location"]).get_data(as_text=True))

    assert second.status_code == first.status_code == 302
    assert second.headers["Location"] == first.headers["Location"]
    assert second_flash[0].replace("Twice@Example.vn", email) == first_flash[0]
    assert count(app, User, func.lower(User.email) == email) == 1
    assert user_row(app, email).name == "Đặng Thị Hồng"
    messages = mailbox.wait_for(2)
    assert len(messages) == 2
    assert messages[1]["To"] == email
    assert messages[1]["Subject"] == "You already have an account at the Hanoi Gift Fair"
    assert "http://localhost/auth/reset" in mailbox.text_of(messages[1])


def test_bad_phone_number_is_a_field_error(app, en, mailbox):
    response = post_form(en, "/auth/signup", signup_data("phone@example.vn", phone="12345"),
                         page="/auth/signup")

    assert response.status_code == 422
    assert "Vietnamese mobile number" in field_error(response.get_data(as_text=True), "phone")
    assert user_row(app, "phone@example.vn") is None
    assert count(app, OutboxMessage) == 0


def test_short_or_mismatched_password_is_refused(app, en):
    short = post_form(en, "/auth/signup", signup_data("short@example.vn", password="kurz", confirm="kurz"),
                      page="/auth/signup")
    assert "at least 10 characters" in field_error(short.get_data(as_text=True), "password")

    mismatch = post_form(en, "/auth/signup", signup_data("mismatch@example.vn", confirm=PASSWORD + "x"),
                         page="/auth/signup")
    assert field_error(mismatch.get_data(as_text=True), "confirm") == "The two passwords do not match."
    assert count(app, User) == 0


def test_passwords_are_stored_as_argon2id_hashes(app, en):
    post_form(en, "/auth/signup", signup_data("hash@example.vn"), page="/auth/signup")

    stored = user_row(app, "hash@example.vn").password_hash

    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


# ---------------------------------------------------------------- password reset


def request_reset(client, email):
    return post_form(client, "/auth/reset", {"email": email}, page="/auth/reset")


def test_reset_link_sets_a_new_password_once(app, en, mailbox, make_user):
    email = make_user("exhibitor", locale="en")

    asked = request_reset(en, email)

    assert asked.status_code == 302
    mailbox.wait_for(1)
    [message] = mailbox.to(email)
    assert message["Subject"] == "Choose a new password"
    link = path_of(mailbox.link_in(message, r"http://localhost/auth/reset/\S+"))
    assert en.get(link).status_code == 200

    done = post_form(en, link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}, page=link)

    assert done.status_code == 302
    assert done.headers["Location"] == "/auth/login"
    assert try_login(new_client(app), email, PASSWORD).status_code == 422
    assert try_login(new_client(app), email, NEW_PASSWORD).status_code == 302

    # The same link again: refused, on sight and on submit, and the password stays.
    again = en.get(link)
    assert again.status_code == 400
    assert USED_LINK_EN in again.get_data(as_text=True)
    token = csrf_token(en, "/auth/reset")
    resubmit = en.post(link, data={"password": "third-password-2028", "confirm": "third-password-2028",
                                   "csrf_token": token})
    assert resubmit.status_code == 400
    assert try_login(new_client(app), email, NEW_PASSWORD).status_code == 302


def _reset_token_issued(app, email, hours_ago):
    class IssuedEarlier(TimestampSigner):
        def get_timestamp(self):
            return super().get_timestamp() - int(hours_ago * 3600)

    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        serializer = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="fairapp.reset",
                                            signer=IssuedEarlier)
        return serializer.dumps({"uid": user.id, "fp": password_fingerprint(user), "email": user.email})


def test_reset_link_expires_after_48_hours(app, en, make_user):
    email = make_user("exhibitor")
    fresh = _reset_token_issued(app, email, hours_ago=47)
    stale = _reset_token_issued(app, email, hours_ago=49)

    assert en.get(f"/auth/reset/{fresh}").status_code == 200
    expired = en.get(f"/auth/reset/{stale}")
    assert expired.status_code == 400
    assert USED_LINK_EN in expired.get_data(as_text=True)
    token = csrf_token(en, "/auth/reset")
    submit = en.post(f"/auth/reset/{stale}", data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD,
                                                    "csrf_token": token})
    assert submit.status_code == 400
    assert try_login(new_client(app), email, PASSWORD).status_code == 302


def test_a_link_only_works_for_its_own_purpose(app, en, mailbox):
    email = "purpose@example.vn"
    post_form(en, "/auth/signup", signup_data(email), page="/auth/signup")
    mailbox.wait_for(1)
    confirm_token = mailbox.link_in(mailbox.to(email)[0], r"http://localhost/auth/confirm/\S+").rsplit("/", 1)[1]

    assert en.get(f"/auth/reset/{confirm_token}").status_code == 400
    assert en.get(f"/auth/welcome/{confirm_token}").status_code == 400
    assert en.get(f"/auth/reset/{confirm_token[:-2]}xx").status_code == 400


def test_reset_for_an_unknown_email_answers_the_same_and_sends_nothing(app, en, mailbox, make_user):
    known = make_user("exhibitor")

    unknown_answer = request_reset(en, "stranger@example.vn")
    unknown_flash = flashes(en.get(unknown_answer.headers["Location"]).get_data(as_text=True))
    known_answer = request_reset(en, known)
    known_flash = flashes(en.get(known_answer.headers["Location"]).get_data(as_text=True))

    assert unknown_answer.status_code == known_answer.status_code == 302
    assert unknown_answer.headers["Location"] == known_answer.headers["Location"]
    assert unknown_flash == known_flash
    messages = mailbox.wait_for(1)
    assert [m["To"] for m in messages] == [known]
    assert count(app, OutboxMessage, OutboxMessage.recipient == "stranger@example.vn") == 0


# ---------------------------------------------------------------- invitations


def test_organiser_invites_a_juror_who_sets_a_password_and_signs_in(app, mailbox, make_user):
    organiser_email = make_user("organizer", name="Trần Minh Anh", locale="en")
    organiser = new_client(app)
    login(organiser, organiser_email)
    juror_email = "juror.le@example.vn"

    sent = post_form(organiser, "/admin/users/invite",
                     {"name": "Lê Văn Bình", "email": juror_email, "role": "juror", "locale": "en"},
                     page="/admin/users/invite")

    assert sent.status_code == 302
    assert sent.headers["Location"] == "/admin/users"
    invited = user_row(app, juror_email)
    assert invited.role == "juror" and invited.password_hash is None
    mailbox.wait_for(1)
    [message] = mailbox.to(juror_email)
    assert message["Subject"] == "Invitation to fairapp, the Hanoi Gift Fair's system"
    assert "Trần Minh Anh has invited you to fairapp as juror." in mailbox.text_of(message)
    link = path_of(mailbox.link_in(message, r"http://localhost/auth/welcome/\S+"))

    invitee = new_client(app)
    assert try_login(invitee, juror_email, PASSWORD).status_code == 422  # no password yet
    assert invitee.get(link).status_code == 200
    accepted = post_form(invitee, link, {"password": PASSWORD, "confirm": PASSWORD}, page=link)
    assert accepted.status_code == 302
    assert accepted.headers["Location"] == "/auth/login"

    login(invitee, juror_email)
    assert is_signed_in(invitee)
    assert invitee.get("/admin/").status_code == 403  # a juror, not an organiser
    assert user_row(app, juror_email).email_confirmed_at is not None

    dead = new_client(app).get(link)
    assert dead.status_code == 400
    assert USED_LINK_EN in dead.get_data(as_text=True)

    [invite_entry] = audit_rows(app, "user.invite")
    assert invite_entry.actor_label == organiser_email
    assert invite_entry.object_id == str(invited.id)
    assert invite_entry.after == {"email": juror_email, "role": "juror"}
    [accept_entry] = audit_rows(app, "user.invite_password")
    assert accept_entry.actor_id == invited.id


def test_inviting_an_existing_address_is_a_field_error(app, make_user, mailbox):
    client = new_client(app)
    login(client, make_user("organizer", locale="en"))
    existing = make_user("exhibitor")

    response = post_form(client, "/admin/users/invite",
                         {"name": "Ai Đó", "email": existing, "role": "gate", "locale": "vi"},
                         page="/admin/users/invite")

    assert response.status_code == 422
    assert "already exists" in field_error(response.get_data(as_text=True), "email")
    assert user_row(app, existing).role == "exhibitor"
    assert count(app, OutboxMessage) == 0


def test_an_exhibitor_cannot_invite(app, signed_in, mailbox):
    client = signed_in("exhibitor")

    assert client.get("/admin/users/invite").status_code == 403
    response = post_form(client, "/admin/users/invite",
                         {"name": "Kẻ Mạo Danh", "email": "fake-organiser@example.vn", "role": "organizer",
                          "locale": "vi"})
    assert response.status_code == 403
    assert user_row(app, "fake-organiser@example.vn") is None
    assert count(app, OutboxMessage) == 0


# ---------------------------------------------------------------- audit log


def test_signup_confirm_and_reset_are_audited_with_their_actor(app, en, mailbox):
    email = "audited@example.vn"
    post_form(en, "/auth/signup", signup_data(email), page="/auth/signup")
    mailbox.wait_for(1)
    en.get(path_of(mailbox.link_in(mailbox.to(email)[0], r"http://localhost/auth/confirm/\S+")))
    request_reset(en, email)
    mailbox.wait_for(2)
    link = path_of(mailbox.link_in(mailbox.to(email)[1], r"http://localhost/auth/reset/\S+"))
    post_form(en, link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}, page=link)

    user = user_row(app, email)
    entries = audit_rows(app)
    assert [e.action for e in entries] == ["user.signup", "user.confirm_email", "user.reset_password"]
    for entry in entries:
        assert entry.actor_id == user.id
        assert entry.actor_label == email
        assert entry.object_type == "user"
        assert entry.object_id == str(user.id)
        assert entry.ip == "127.0.0.1"
    assert entries[0].after == {"email": email, "role": "exhibitor"}
    assert NEW_PASSWORD not in repr([(e.before, e.after) for e in entries])


def test_language_change_is_saved_on_the_user_and_audited(app, client, make_user):
    email = make_user("exhibitor", locale="vi")
    login(client, email)

    response = post_form(client, "/lang/en", {})

    assert response.status_code == 302
    assert user_row(app, email).locale == "en"
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)
    [entry] = audit_rows(app, "user.locale")
    assert entry.actor_label == email
    assert entry.object_id == str(user_row(app, email).id)
    assert entry.before == {"locale": "vi"}
    assert entry.after == {"locale": "en"}

    post_form(client, "/lang/en", {})  # no change, no entry
    assert len(audit_rows(app, "user.locale")) == 1


# ---------------------------------------------------------------- audit log page


def rows_shown(page):
    """(action code, object as shown) of each row of the audit table."""
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [(action, obj.strip()) for action, obj in
            re.findall(r'<td data-action="(.*?)">.*?</td>\s*<td>(.*?)</td>', body, re.S)]


@pytest.fixture
def audit_history(app, make_user):
    """Entries by two people and by the system, two of them either side of a local midnight."""
    first = make_user("exhibitor", email="first@example.vn")
    second = make_user("exhibitor", email="second@example.vn")
    with app.test_request_context():
        users = {u.email: u for u in db.session.scalars(select(User))}
        audit.record("user.signup", "user", users[first].id, actor=users[first])
        audit.record("user.signup", "user", users[second].id, actor=users[second])
        audit.record("user.confirm_email", "user", users[second].id, actor=users[second])
        # 23:30 on 01/03 and 00:30 on 02/03 in Hanoi (UTC+7).
        late = audit.record("fair.create", "fair", 1)
        late.at = datetime(2026, 3, 1, 16, 30, tzinfo=timezone.utc)
        early = audit.record("fair.update", "fair", 1, before={"venue": "Giảng Võ"}, after={"venue": "ICE"})
        early.at = datetime(2026, 3, 1, 17, 30, tzinfo=timezone.utc)
        db.session.commit()
    return first, second


def test_audit_log_filters_narrow_the_rows(app, make_user, audit_history):
    first, second = audit_history
    organiser = new_client(app)
    login(organiser, make_user("organizer", locale="en"))

    def shown(**query):
        response = organiser.get("/admin/audit?" + urlencode(query))
        assert response.status_code == 200
        return rows_shown(response.get_data(as_text=True))

    assert len(shown()) == 5
    assert [a for a, _ in shown(action="user.signup")] == ["user.signup", "user.signup"]
    assert [a for a, _ in shown(action="user.")] == ["user.confirm_email", "user.signup", "user.signup"]
    assert [a for a, _ in shown(actor=second)] == ["user.confirm_email", "user.signup"]
    assert [a for a, _ in shown(object_type="fair")] == ["fair.update", "fair.create"]
    assert shown(object_type="fair", day_from="2026-03-02", day_to="2026-03-02") == [("fair.update", "Fair 1")]
    assert shown(object_type="fair", day_to="2026-03-01") == [("fair.create", "Fair 1")]
    assert shown(day_from="2026-03-03", object_type="fair") == []
    assert shown(actor="system", action="fair.update") == [("fair.update", "Fair 1")]
    page = organiser.get("/admin/audit?action=fair.update").get_data(as_text=True)
    assert "02/03/2026 00:30" in page  # local time, dd/MM/yyyy
    assert '"venue": "ICE"' in html.unescape(page)


def test_audit_log_ignores_a_malformed_date(app, make_user, audit_history):
    organiser = new_client(app)
    login(organiser, make_user("organizer", locale="en"))

    response = organiser.get("/admin/audit?day_from=31/12/2026")

    assert response.status_code == 200
    assert len(rows_shown(response.get_data(as_text=True))) == 5

