"""After signing in each role lands on its own work, not on the public home page."""
import pytest

from tests.conftest import PASSWORD, post_form
from tests.contest.conftest import submit, world  # noqa: F401  (fixtures)


def sign_in(app, email):
    client = app.test_client()
    return post_form(client, "/auth/login", {"email": email, "password": PASSWORD}, page="/auth/login")


@pytest.mark.parametrize("role, lands_on", [
    ("organizer", "/admin/"), ("exhibitor", "/exhibitors/my"), ("juror", "/contest/jury/"), ("gate", "/gate"),
])
def test_each_role_lands_on_its_work(app, make_user, role, lands_on):
    response = sign_in(app, make_user(role))
    assert (response.status_code, response.headers["Location"]) == (302, lands_on)


def test_an_artisan_who_only_entered_the_contest_lands_on_the_entries(app, world, submit):
    submit()  # the entrant has an entry and no booth application or profile
    assert sign_in(app, world.entrant).headers["Location"] == "/contest/entries"
    # The other artisan has nothing yet: the booth page is where they start.
    assert sign_in(app, world.other).headers["Location"] == "/exhibitors/my"


def test_the_sign_in_page_sends_a_signed_in_person_to_their_work(app, make_user):
    client = app.test_client()
    post_form(client, "/auth/login", {"email": make_user("juror"), "password": PASSWORD}, page="/auth/login")
    response = client.get("/auth/login")
    assert (response.status_code, response.headers["Location"]) == (302, "/contest/jury/")


def test_a_next_address_still_wins(app, make_user):
    client = app.test_client()
    response = post_form(client, "/auth/login?next=/visitors/admin/tickets",
                         {"email": make_user("organizer"), "password": PASSWORD}, page="/auth/login")
    assert response.headers["Location"] == "/visitors/admin/tickets"
