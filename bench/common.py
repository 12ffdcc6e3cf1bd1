"""What the HTTP benchmarks share: a throwaway database, gunicorn on loopback, a load loop, percentiles."""
import contextlib
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV_BIN = os.path.dirname(sys.executable)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def bench_app():
    """An app on a fresh SQLite file (migrated), for filling; yields (app, env for gunicorn)."""
    from flask_migrate import upgrade

    from fairapp import create_app
    from fairapp.extensions import db

    with tempfile.TemporaryDirectory(prefix="fairapp-bench-") as folder:
        url = f"sqlite:///{folder}/bench.db"
        env = {**os.environ, "DATABASE_URL": url, "FAIRAPP_INSTANCE": folder, "FAIRAPP_CONFIG": "development",
               "SECRET_KEY": "bench-secret-key-" + "x" * 32, "MAIL_DISPATCH": "queue"}
        env.pop("REDIS_URL", None)
        os.environ["FAIRAPP_INSTANCE"] = folder
        app = create_app("development", {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": env["SECRET_KEY"]})
        with app.app_context():
            upgrade(revision="heads")
            yield app, env
            db.engine.dispose()


@contextlib.contextmanager
def gunicorn(env, workers=4, threads=1):
    port = free_port()
    args = [os.path.join(VENV_BIN, "gunicorn"), "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
            "--chdir", ROOT, "--log-level", "warning"]
    if threads > 1:
        args += ["--worker-class", "gthread", "--threads", str(threads)]
    process = subprocess.Popen(args + ["wsgi:app"], env=env)
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.05)
        else:
            raise RuntimeError("gunicorn did not start")
        yield port
    finally:
        process.terminate()
        process.wait(timeout=20)


def percentile(values, share):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def run_load(port, requests, clients, *, method="POST", path="/", headers=None, timeout_s=120, encode=None,
             check=None):
    """Send `requests` (a list of JSON bodies, or None for GETs) over `clients` threads.

    With path=None each request is a (path, body) pair. `encode(body) -> bytes`
    replaces JSON (a form post, say; set Content-Type in headers).
    `check(status, body) -> bool` counts a wrong answer as an error.

    Each client keeps one HTTP/1.1 connection and reconnects when the server
    closes it (gunicorn's sync workers close after every response).
    Returns throughput, latency percentiles (ms) and the error count.
    """
    latencies, errors, lock = [], [], threading.Lock()
    shares = [requests[i::clients] for i in range(clients)]
    base_headers = {"Content-Type": "application/json", **(headers or {})}
    deadline = time.monotonic() + timeout_s

    def client(share):
        connection = None
        mine, failures = [], []
        for item in share:
            if time.monotonic() > deadline:
                break
            target, body = item if path is None else (path, item)
            payload = None if body is None else (encode(body) if encode else json.dumps(body).encode())
            started = time.perf_counter()
            try:
                if connection is None:
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                connection.request(method, target, body=payload, headers=base_headers)
                response = connection.getresponse()
                answer = response.read()
                if response.status >= 400 or (check is not None and not check(response.status, answer)):
                    failures.append(response.status)
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
                    connection = None
            except (OSError, http.client.HTTPException) as exc:
                failures.append(type(exc).__name__)
                connection = None
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)
            errors.extend(failures)

    threads = [threading.Thread(target=client, args=(share,)) for share in shares]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {"clients": clients, "requests": len(latencies), "seconds": round(elapsed, 2),
            "per_second": round(len(latencies) / elapsed, 1),
            "p50_ms": round(percentile(latencies, 0.50) * 1000, 2),
            "p99_ms": round(percentile(latencies, 0.99) * 1000, 2), "errors": len(errors),
            "error_kinds": sorted(set(map(str, errors)))[:5]}


def print_table(title, rows):
    print(f"\n{title}")
    keys = [k for k in rows[0] if k != "error_kinds"]
    print("  " + "  ".join(f"{k:>11}" for k in keys))
    for row in rows:
        print("  " + "  ".join(f"{row[k]!s:>11}" for k in keys))
