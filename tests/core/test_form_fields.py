"""The field macro (templates/_macros.html): help and error texts tied to their input by
aria-describedby, aria-invalid only on a field in error, and no attribute rendered as "None"."""
import re

from tests.conftest import csrf_token


def input_tag(html, name):
    match = re.search(rf'<input[^>]*\bname="{name}"[^>]*>', html)
    assert match, f"no input named {name}"
    return match.group(0)


def test_a_fresh_form_has_no_none_attributes_and_ties_the_help_text(client):
    html = client.get("/auth/signup").get_data(as_text=True)
    assert '="None"' not in html
    password = input_tag(html, "password")
    assert 'aria-describedby="password-help"' in password
    assert "aria-invalid" not in password
    assert 'id="password-help"' in html
    name = input_tag(html, "name")
    assert "aria-describedby" not in name and "aria-invalid" not in name


def test_a_field_in_error_points_at_its_help_and_its_error(client):
    response = client.post("/auth/signup", data={
        "csrf_token": csrf_token(client, "/auth/signup"), "name": "Nguyễn Văn Đức",
        "email": "duc@example.vn", "password": "ngan", "confirm": "ngan", "locale": "vi"})
    html = response.get_data(as_text=True)
    assert '="None"' not in html
    password = input_tag(html, "password")
    assert 'aria-describedby="password-help password-error"' in password
    assert 'aria-invalid="true"' in password
    assert re.search(r'id="password-error"[^>]*>[^<]+<', html)
    name = input_tag(html, "name")  # a field without error keeps neither attribute
    assert "aria-describedby" not in name and "aria-invalid" not in name
