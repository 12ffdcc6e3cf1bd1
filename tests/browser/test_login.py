"""Signing in and out in a real browser: Vietnamese first, the language switch remembered
per user, the wrong-password message wired to its field, and no console or CSP errors."""
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.conftest import DESKTOP, PHONE
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

NAME = "Nguyễn Văn Đức"
VI = {"email": "E-mail", "password": "Mật khẩu", "sign_in": "Đăng nhập", "sign_out": "Đăng xuất"}
EN = {"email": "E-mail", "password": "Password", "sign_in": "Sign in", "sign_out": "Sign out"}


@pytest.fixture
def page_viewport():
    # On a phone the navbar (user name, language, sign out) sits behind the toggler, which
    # needs Bootstrap's JS; these flows read the navbar, so they use a wide screen.
    return DESKTOP


def html_lang(page):
    return page.locator("html")


def sign_in(page, email, password=PASSWORD, texts=VI):
    page.goto("/auth/login")
    page.get_by_label(texts["email"], exact=True).fill(email)
    page.get_by_label(texts["password"], exact=True).fill(password)
    page.get_by_role("button", name=texts["sign_in"], exact=True).click()


def expect_signed_in(page, texts=VI):
    navbar = page.locator("nav.navbar")
    expect(navbar.get_by_text(NAME, exact=True)).to_be_visible()
    expect(navbar.get_by_role("button", name=texts["sign_out"], exact=True)).to_be_visible()


def test_sign_in_in_vietnamese(page, live_server, make_user, console):
    email = make_user("organizer", name=NAME, locale="vi")

    page.goto("/auth/login")
    expect(html_lang(page)).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", name=VI["sign_in"], exact=True)).to_be_visible()
    sign_in(page, email)

    expect(page).to_have_url(live_server + "/admin/")  # an organiser lands on the overview
    expect(html_lang(page)).to_have_attribute("lang", "vi")
    expect_signed_in(page, VI)
    console.assert_clean()


def test_language_choice_is_saved_for_the_user(page, new_page, app, make_user, console):
    from fairapp.core.models import User
    from fairapp.extensions import db

    email = make_user("exhibitor", name=NAME, locale="vi")
    sign_in(page, email)
    expect_signed_in(page, VI)

    page.get_by_test_id("lang-en").click()
    expect(html_lang(page)).to_have_attribute("lang", "en")
    expect_signed_in(page, EN)
    expect(page.get_by_test_id("lang-en")).to_have_count(0)
    expect(page.get_by_test_id("lang-vi")).to_be_visible()
    with app.app_context():
        assert db.session.scalar(select(User.locale).where(User.email == email)) == "en"

    page.get_by_role("button", name=EN["sign_out"], exact=True).click()
    expect(page).to_have_url(re.compile(r"/auth/login$"))
    sign_in(page, email, texts=EN)
    expect(html_lang(page)).to_have_attribute("lang", "en")
    expect_signed_in(page, EN)

    # A Vietnamese browser with no cookies from before: the login page follows the browser,
    # the pages after signing in follow the user's saved choice.
    other = new_page(locale="vi-VN", viewport=DESKTOP)
    other.goto("/auth/login")
    expect(html_lang(other)).to_have_attribute("lang", "vi")
    sign_in(other, email, texts=VI)
    expect(html_lang(other)).to_have_attribute("lang", "en")
    expect_signed_in(other, EN)
    console.assert_clean()


def test_sign_out(page, live_server, make_user, console):
    email = make_user("organizer", name=NAME, locale="vi")
    sign_in(page, email)
    page.goto("/admin/")
    expect(page).to_have_url(live_server + "/admin/")

    page.locator("nav.navbar").get_by_role("button", name=VI["sign_out"], exact=True).click()
    expect(page).to_have_url(live_server + "/auth/login")
    expect(page.get_by_role("alert")).to_have_text("Bạn đã đăng xuất.")
    expect(page.get_by_role("button", name=VI["sign_in"], exact=True)).to_be_visible()
    expect(page.locator("nav.navbar").get_by_text(NAME, exact=True)).to_have_count(0)

    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/auth/login\?next=(/|%2F)admin(/|%2F)$"))
    expect(page.get_by_label(VI["password"], exact=True)).to_be_visible()
    console.assert_clean()


@pytest.mark.parametrize("page_viewport", [PHONE], ids=["phone"])
def test_wrong_password_is_shown_at_the_password_field(page, live_server, make_user, console):
    email = make_user("exhibitor", name=NAME, locale="vi")
    sign_in(page, email, password="not-the-password-2026")

    expect(page).to_have_url(live_server + "/auth/login")
    message = "E-mail hoặc mật khẩu không đúng."
    error = page.locator("#password-error")
    expect(error).to_be_visible()
    expect(error).to_have_text(message)
    password = page.get_by_label(VI["password"], exact=True)
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(password).to_have_attribute("aria-describedby", "password-error")
    expect(password).to_have_accessible_description(message)
    expect(password).to_have_value("")
    expect(page.get_by_label(VI["email"], exact=True)).to_have_value(email)
    expect(page.get_by_label(VI["email"], exact=True)).not_to_have_attribute("aria-invalid", "true")
    console.assert_clean()


def test_console_watch_sees_csp_violations(page, console):
    """The harness itself: an inline script is refused by the CSP and the refusal is caught."""
    page.goto("/auth/login")
    console.assert_clean()
    # The refusal reaches the console asynchronously: wait for that message, not for a while.
    with page.expect_console_message(lambda message: "Content Security Policy" in message.text):
        page.evaluate("""() => {
            const script = document.createElement("script");
            script.textContent = "window.inlineRan = true";
            document.body.append(script);
        }""")
    assert page.evaluate("window.inlineRan") is None
    assert any("Content Security Policy" in error for error in console.errors), console.errors
