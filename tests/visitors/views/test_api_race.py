"""Never twice: one ticket scanned at the same moment at 8 gates, against gunicorn's worker processes."""
import json
import threading
import urllib.request

from sqlalchemy import func, select

from fairapp.extensions import db
from fairapp.visitors.models import Admission, Gate, Scan

GATES = 8


def _post(base, token, payload):
    request = urllib.request.Request(base + "/api/v1/checkins", data=json.dumps(payload).encode(), method="POST",
                                     headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=120) as response:  # bounds a hang only
        return json.loads(response.read())


def test_eight_gates_one_ticket_exactly_one_ok(app, fair, issue, device_token, gunicorn_server):
    with app.app_context():
        for number in range(4, GATES + 1):
            db.session.add(Gate(fair_id=fair, name=f"Cổng {number}"))
        db.session.commit()
    tickets = [issue(f"Khách {i}")[1] for i in range(5)]
    for round_number, code in enumerate(tickets):
        barrier = threading.Barrier(GATES)
        answers = [None] * GATES

        def gate(index):
            barrier.wait()
            answers[index] = _post(gunicorn_server, device_token,
                                   {"code": code, "gate": f"Cổng {index + 1}", "direction": "in"})

        threads = [threading.Thread(target=gate, args=(i,)) for i in range(GATES)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=180)
        assert not any(thread.is_alive() for thread in threads), "a gate is still waiting for its answer"
        results = sorted(answer["result"] for answer in answers)
        assert results == ["already_checked_in"] * (GATES - 1) + ["ok"], (round_number, results)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Admission)) == len(tickets)
        assert db.session.scalar(select(func.count()).select_from(Scan)) == len(tickets) * GATES
