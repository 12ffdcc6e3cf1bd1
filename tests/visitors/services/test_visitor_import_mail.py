"""Imported tickets by e-mail: at once, or in a background job while gates keep scanning."""
import threading

from fairapp.core.jobs import run_job
from fairapp.core.models import Job, OutboxMessage
from fairapp.extensions import db
from fairapp.visitors.models import Scan
from fairapp.visitors.services import visitor_import
from tests.visitors.sheet_files import count, csv_bytes, do_import, visitors


# ---------------------------------------------------------------- e-mailing imported tickets


def test_no_mail_unless_asked(app, fair, mailbox):
    do_import(app, fair, "khach.csv", csv_bytes(visitors(app, fair)))
    assert count(app, OutboxMessage) == 0


def test_a_small_import_mails_its_tickets_at_once(app, fair, mailbox):
    result = do_import(app, fair, "khach.csv", csv_bytes(visitors(app, fair)), send_tickets=True)
    assert result.emailed == 3 and result.job is None  # one visitor has no e-mail
    messages = mailbox.wait_for(3)
    assert sorted(m["To"] for m in messages) == ["duc.nguyen@example.vn", "hong.dang@example.vn",
                                                 "john.carter@atlantic.example.com"]
    english = mailbox.to("john.carter@atlantic.example.com")[0]
    assert "https://hoicho.example.vn/tickets/" in mailbox.text_of(english)


def test_a_large_import_mails_its_tickets_in_a_background_job(app, fair, mailbox):
    n = visitor_import.INLINE_MAIL_LIMIT + 5
    rows = [[f"Khách mời số {i}", f"khach{i}@example.vn", "", "", "visitor", "", "vi"] for i in range(n)]
    result = do_import(app, fair, "dong.csv", csv_bytes(rows), send_tickets=True)
    assert result.job is not None and result.emailed == n
    assert count(app, OutboxMessage) == 0  # nothing rendered in the request

    run_job(app, result.job.id)

    with app.app_context():
        job = db.session.get(Job, result.job.id)
        assert (job.status, job.done, job.total) == ("done", n, n)
    messages = mailbox.wait_for(n)
    assert len(messages) == n
    assert {m["To"] for m in messages} == {f"khach{i}@example.vn" for i in range(n)}
    assert "https://hoicho.example.vn/tickets/" in mailbox.text_of(messages[0])


def test_the_mail_job_finishes_while_a_gate_keeps_scanning(app, client, fair, issue, device_token, mailbox):
    """The job renders PDFs between its writes; check-ins written meanwhile must not break it."""

    n = visitor_import.MAIL_CHUNK + 10
    rows = [[f"Khách số {i}", f"khach{i}@example.vn", "", "", "visitor", "", ""] for i in range(n)]
    job_id = do_import(app, fair, "dong.csv", csv_bytes(rows), send_tickets=True).job.id
    _id, code = issue("Khách ở cổng")
    worker = threading.Thread(target=run_job, args=(app, job_id))
    worker.start()
    answers = []
    while worker.is_alive():
        response = client.post("/api/v1/checkins", json={"code": code, "gate": "Cổng 1"},
                               headers={"Authorization": f"Bearer {device_token}"})
        answers.append(response.status_code)
    worker.join()

    with app.app_context():
        job = db.session.get(Job, job_id)
        assert (job.status, job.error, job.done) == ("done", None, n)
    assert len(mailbox.wait_for(n)) == n
    assert answers and set(answers) == {200}
    assert count(app, Scan) == len(answers)
