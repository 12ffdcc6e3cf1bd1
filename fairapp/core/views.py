"""Home page, health check, language switch and the job progress pages."""
from flask import (
    Blueprint, Response, abort, current_app, jsonify, redirect, render_template, request, session,
    stream_with_context, url_for,
)
from flask_login import current_user
from sqlalchemy import select, text

from fairapp.core import payload
from fairapp.core.access import public, signed_in
from fairapp.core.forms import ActionForm
from fairapp.core.auth.services import set_locale
from fairapp.core.jobs import result_chunks
from fairapp.core.models import Job
from fairapp.core.uploads import StoredImage, photo_access
from fairapp.extensions import db

bp = Blueprint("core", __name__)


@bp.route("/")
@public
def home():
    # Composed above the areas (fairapp/home.py), handed over by the factory: core imports no area.
    return render_template("core/home.html", **current_app.extensions["home_page"]())


@bp.route("/healthz")
@public
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any database failure means "not healthy", whatever the driver
        db.session.rollback()
        return jsonify(status="error", db="error"), 503
    return jsonify(status="ok", db="ok")


@bp.route("/lang/<code>", methods=["POST"])
@public
def set_language(code):
    form = ActionForm()
    if code not in ("vi", "en") or not form.validate_on_submit():
        abort(400)
    session["lang"] = code
    if current_user.is_authenticated:
        set_locale(current_user, code)
        db.session.commit()
    target = request.referrer or ""
    host = request.host_url
    return redirect(target if target.startswith(host) else url_for("core.home"))


def _visible_job(job_id):
    job = db.session.get(Job, job_id)
    if job is None:
        abort(404)
    if current_user.role != "organizer" and job.owner_id != current_user.id:
        abort(403)
    return job


def job_state(job):
    percent = int(100 * job.done / job.total) if job.total else (100 if job.status == "done" else 0)
    return {
        "id": job.id, "kind": job.kind, "status": job.status, "done": job.done,
        "total": job.total, "percent": percent, "error": job.error,
        "download_url": url_for("core.job_download", job_id=job.id)
        if job.status == "done" and job.result_name else None,
    }


@bp.route("/jobs/<int:job_id>")
@signed_in
def job_page(job_id):
    job = _visible_job(job_id)
    return render_template("core/job.html", job=job, state=job_state(job))


@bp.route("/api/v1/jobs/<int:job_id>")
@signed_in
@payload.accepts(path={"job_id": payload.identifier()})
def job_api(job_id):
    return jsonify(job_state(_visible_job(job_id)))


@bp.route("/jobs/<int:job_id>/download")
@signed_in
def job_download(job_id):
    job = _visible_job(job_id)
    if job.status != "done" or not job.result_name:
        abort(404)
    return Response(stream_with_context(result_chunks(job.id)), mimetype=job.result_type, headers={
        "Content-Disposition": f'attachment; filename="{job.result_name}"'})


@bp.route("/photos/<token>.jpg")
@public
def photo(token):
    return _photo(token, StoredImage.data)


@bp.route("/photos/<token>/thumb.jpg")
@public
def photo_thumbnail(token):
    return _photo(token, StoredImage.thumbnail)


def _photo(token, column):
    # The random token is the capability: it is never listed for people who may not see the photo.
    # A guarded photo (a contest entry's) is checked on every request as well; refused, it answers
    # the same 404 as an unknown token, so a refusal does not confirm that the photo exists.
    image_id = db.session.scalar(select(StoredImage.id).where(StoredImage.token == token))
    access = None if image_id is None else photo_access(image_id, current_user)
    if image_id is None or access is False:
        abort(404)
    response = Response(db.session.scalar(select(column).where(StoredImage.id == image_id)), mimetype="image/jpeg")
    # A public photo keeps its pixels under its token; a guarded one may be refused tomorrow
    # (a juror unassigned), so no shared cache keeps it and the browser asks again every time.
    response.headers["Cache-Control"] = ("public, max-age=31536000, immutable" if access is None
                                         else "private, no-cache")
    response.add_etag()
    return response.make_conditional(request)
