"""An entry's photos, and their thumbnails, are served only to who may see the entry: its entrant,
organisers, the jurors assigned to it while they are; once the results are published, a prize-winner's
to everyone. Anyone else gets the 404 of an unknown token. What is served carries no metadata."""
import re

from sqlalchemy import select

from fairapp.contest.models import ContestEntry, ContestRound, EntryPhoto, JuryAssignment
from fairapp.contest.services import assignment, conflicts
from fairapp.contest.services.photo_access import entry_photo_access
from fairapp.core.auth.services import find_user
from fairapp.core.uploads import photo_access, store_image
from fairapp.extensions import db
from tests.contest.conftest import assigned_jurors, publish
from tests.core.test_uploads import assert_clean, photo_with, sample_photos


def tokens_of(app, entry_id):
    with app.app_context():
        photos = db.session.scalars(select(EntryPhoto).where(EntryPhoto.entry_id == entry_id)
                                    .order_by(EntryPhoto.position)).all()
        return [photo.image.token for photo in photos]


def urls(token):
    return [f"/photos/{token}.jpg", f"/photos/{token}/thumb.jpg"]


def assert_served(client, token, who):
    for url in urls(token):
        response = client.get(url)
        assert response.status_code == 200, (who, url)
        assert response.mimetype == "image/jpeg"
        assert response.headers["Cache-Control"] == "private, no-cache", (who, url)  # never in a shared cache


def _page(response):
    return re.sub(r'(csrf[-_]token" (?:content|type="hidden" value)=")[^"]+', r"\1…", response.get_data(as_text=True))


def assert_refused(client, token, who):
    unknown = client.get("/photos/khong-co-anh-nay.jpg")
    for url in urls(token):
        response = client.get(url)
        # Not 403: the answer is the one for a token that does not exist, word for word
        # (but for the CSRF token, which is signed with the time).
        assert (response.status_code, _page(response)) == (404, _page(unknown)), (who, url)


def test_an_entry_photo_is_served_only_to_who_may_see_the_entry(app, world, submit, open_round, client_as):
    entry_id = submit(photos=[photo_with("JPEG", ()), photo_with("PNG", ())])
    other_entry = submit(email=world.other, title="Mẫu của người khác")
    open_round()
    assigned = assigned_jurors(app, world.round1_id, entry_id)
    unassigned = [email for email in world.jurors if email not in assigned]
    assert assigned and unassigned
    tokens = tokens_of(app, entry_id)
    assert len(tokens) == 2

    refused = {"anonymous": app.test_client(), "another entrant": client_as(world.other),
               "an unassigned juror": client_as(unassigned[0])}
    allowed = {"the entrant": client_as(world.entrant), "an organiser": client_as(world.organiser),
               "the assigned juror": client_as(assigned[0])}
    for token in tokens:
        for who, client in refused.items():
            assert_refused(client, token, who)
        for who, client in allowed.items():
            assert_served(client, token, who)
    # The other entrant still sees their own entry's photo, which the first entrant does not.
    assert_served(client_as(world.other), tokens_of(app, other_entry)[0], "its entrant")
    assert_refused(allowed["the entrant"], tokens_of(app, other_entry)[0], "another entrant")


def test_a_juror_loses_the_photos_when_unassigned_or_recused(app, world, submit, open_round, client_as):
    entry_id = submit()
    open_round()
    removed, recused = assigned_jurors(app, world.round1_id, entry_id)[:2]
    token = tokens_of(app, entry_id)[0]
    clients = {email: client_as(email) for email in (removed, recused)}
    etags = {}
    for email, client in clients.items():
        assert_served(client, token, email)
        etags[email] = client.get(urls(token)[0]).headers["ETag"]
        # Unchanged photo, same person: the browser's copy is confirmed without sending it again.
        assert client.get(urls(token)[0], headers={"If-None-Match": etags[email]}).status_code == 304

    with app.test_request_context():
        round_ = db.session.get(ContestRound, world.round1_id)
        entry = db.session.get(ContestEntry, entry_id)
        row = db.session.scalar(select(JuryAssignment).where(
            JuryAssignment.round_id == round_.id, JuryAssignment.entry_id == entry_id,
            JuryAssignment.juror_id == find_user(removed).id))
        assignment.unassign(row, "Ban tổ chức điều chỉnh phân công")
        conflicts.recuse(find_user(recused), round_, entry, kind="family", reason="Người nhà của nghệ nhân")
        db.session.commit()

    for email, client in clients.items():
        assert_refused(client, token, email)
        # Not even a 304 for the copy the browser kept: the refusal is the unknown token's.
        response = client.get(urls(token)[0], headers={"If-None-Match": etags[email]})
        assert response.status_code == 404
    # Whoever took over the entry sees it.
    for email in assigned_jurors(app, world.round1_id, entry_id):
        assert_served(client_as(email), token, email)


def test_after_publication_everyone_sees_the_winners_photos_only(app, world, final_results, client_as):
    winner, non_winner = tokens_of(app, final_results["A"])[0], tokens_of(app, final_results["D"])[0]
    anonymous = app.test_client()
    assert_refused(anonymous, winner, "anonymous before publication")

    publish(app, world)

    assert_served(anonymous, winner, "anonymous, a prize-winner")
    assert_served(client_as(world.other), winner, "another entrant, a prize-winner")
    assert_refused(anonymous, non_winner, "anonymous, no prize")
    assert_refused(client_as(world.other), non_winner, "another entrant, no prize")
    assert_served(client_as(world.entrant), non_winner, "its entrant")
    assert_served(client_as(world.organiser), non_winner, "an organiser")


def test_the_jurors_are_served_entry_photos_without_any_metadata(app, world, submit, open_round, client_as):
    """Blind judging: nothing in the photo a juror is shown names its maker, whatever the source carried."""
    samples = sample_photos()
    entry_id = submit(photos=[raw for _fmt, raw in samples])
    open_round()
    juror = client_as(assigned_jurors(app, world.round1_id, entry_id)[0])
    tokens = tokens_of(app, entry_id)
    assert len(tokens) == len(samples)
    for token in tokens:
        for url in urls(token):
            response = juror.get(url)
            assert response.status_code == 200
            assert_clean(response.data)


def test_photos_of_no_entry_are_left_to_others(app, world, submit):
    """The contest's guard answers only for entry photos; an exhibitor's product photo stays public."""
    entry_id = submit()
    with app.test_request_context():
        from flask_login import AnonymousUserMixin

        loose = store_image(photo_with("JPEG", ()))
        db.session.flush()
        anonymous = AnonymousUserMixin()
        assert entry_photo_access(loose.id, anonymous) is None
        assert photo_access(loose.id, anonymous) is None
        image_id = db.session.scalar(select(EntryPhoto.image_id).where(EntryPhoto.entry_id == entry_id))
        assert entry_photo_access(image_id, anonymous) is False
        assert photo_access(image_id, find_user(world.entrant)) is True
        db.session.rollback()
