from tests.conftest import login


def test_login_and_home(client, make_user):
    email = make_user("organizer")
    login(client, email)
    page = client.get("/admin/").get_data(as_text=True)
    assert "Tổng quan" in page or "Overview" in page
