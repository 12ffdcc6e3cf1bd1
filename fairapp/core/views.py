"""Home page, health check, language switch and the job progress pages."""
from flask import (
    Blueprint, Response, abort, jsonify, redirect, render_template, request, session, stream_with_context, url_for,
)
from flask_login import current_user
from sqlalchemy import select, text

from fairapp.core.access import public, signed_in
from fairapp.core.forms import ActionForm
from fairapp.core.auth.services import set_locale
from fairapp.core.jobs import result_chunks
from fairapp.core.models import Fair, Job
from fairapp.core.uploads import StoredImage
from fairapp.extensions import db

bp = Blueprint("core", __name__)


@bp.route("/")
@public
def home():
    fair = db.session.scalar(select(Fair).order_by(Fair.starts_on.desc()).limit(1))
    return render_template("core/home.html", fair=fair)


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
    data = db.session.scalar(select(column).where(StoredImage.token == token))
    if data is None:
        abort(404)
    response = Response(data, mimetype="image/jpeg")
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
