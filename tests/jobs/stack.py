"""A real deployment in miniature for the tests about the queue: a database of its own (a SQLite
file, or a fresh database on the PostgreSQL server the suite runs against), a storage folder,
and web and worker processes started from the product's own commands."""

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests
from django.conf import settings

MANAGE = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]


class Stack:
    def __init__(self, folder: Path):
        self.folder = folder
        self.processes: list[subprocess.Popen] = []
        self._drop = None
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "improvement_tracker.settings.test",
            "DATABASE_URL": self._database_url(),
            "MEDIA_ROOT": str(folder / "media"),
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "JOB_HEARTBEAT_SECONDS": "0.2",
            "JOB_STALE_SECONDS": "3",
        }

    def _database_url(self) -> str:
        server = os.environ.get("DATABASE_URL", "")
        if not server.startswith("postgres"):
            return f"sqlite:///{self.folder / 'tracker.sqlite3'}"
        import psycopg

        name = f"tracker_queue_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')

        def drop():
            with psycopg.connect(server, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        self._drop = drop
        return urlunsplit(urlsplit(server)._replace(path=f"/{name}"))

    def manage(self, *args, timeout=300, env=None) -> str:
        run = subprocess.run(  # noqa: S603 - the product's own commands
            [*MANAGE, *args],
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert run.returncode == 0, run.stderr
        return run.stdout

    def shell(self, code: str, env=None) -> str:
        return self.manage("shell", "--no-imports", "-c", code, env=env).strip()

    def start(self, *args) -> subprocess.Popen:
        log_path = self.folder / f"process-{len(self.processes)}.log"
        with log_path.open("wb") as log:
            process = subprocess.Popen(  # noqa: S603 - the product's own commands
                args, env=self.env, stdout=log, stderr=subprocess.STDOUT, cwd=settings.BASE_DIR
            )
        process.log_path = log_path
        self.processes.append(process)
        return process

    def start_worker(self) -> subprocess.Popen:
        return self.start(
            *MANAGE, "db_worker", "--interval", "0.2", "--no-startup-delay", "--no-reload"
        )

    def start_web(self) -> str:
        port = _free_port()
        self.start(
            sys.executable,
            "-m",
            "gunicorn",
            "improvement_tracker.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            "4",
        )
        url = f"http://127.0.0.1:{port}"
        _wait_for(lambda: requests.get(f"{url}/accounts/sign-in/", timeout=2).ok)
        return url

    def start_production_web(self, workers: int = 2, **env) -> str:
        """bin/serve-production as a live site runs it (production settings, gunicorn with
        `workers` processes, the shared cache), on plain HTTP on loopback."""
        port = _free_port()
        production = {
            "DJANGO_SETTINGS_MODULE": "improvement_tracker.settings.prod",
            "DJANGO_SECRET_KEY": "production-test-" + uuid.uuid4().hex,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SERVE_PLAIN_HTTP": "true",
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": str(workers),
            "VENV_BIN": str(Path(sys.executable).parent),
            **env,
        }
        saved = self.env
        self.env = {**saved, **production}
        try:
            self.start(str(Path(settings.BASE_DIR) / "bin" / "serve-production"))
        finally:
            self.env = saved
        url = f"http://127.0.0.1:{port}"
        _wait_for(lambda: requests.get(f"{url}/accounts/sign-in/", timeout=2).ok, seconds=120)
        return url

    def stop_processes(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
        self.processes.clear()

    def stop(self) -> None:
        self.stop_processes()
        if self._drop is not None:
            self._drop()


def signed_in(url: str, username: str, password: str) -> requests.Session:
    session = requests.Session()
    session.get(f"{url}/accounts/sign-in/", timeout=10)
    response = session.post(
        f"{url}/accounts/sign-in/",
        {
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": f"{url}/accounts/sign-in/"},
        timeout=10,
    )
    assert "/sign-in/" not in response.url, "sign-in failed"
    return session


def post(session: requests.Session, url: str, data: dict, files=None) -> requests.Response:
    """A form post as the browser sends it, with the CSRF token; redirects not followed."""
    token = session.cookies["csrftoken"]
    return session.post(
        url,
        {**data, "csrfmiddlewaretoken": token},
        files=files,
        headers={"Referer": url},
        allow_redirects=False,
        timeout=30,
    )


def wait_for_job(session, base: str, job_path: str, *, until=("ready", "failed"), seconds=120):
    status = {}

    def finished():
        nonlocal status
        status = session.get(f"{base}{job_path}status.json", timeout=10).json()
        return status["state"] in until

    _wait_for(finished, seconds=seconds)
    return status


def _wait_for(condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except (requests.ConnectionError, requests.Timeout):
            pass
        time.sleep(0.2)
    raise AssertionError(f"gave up waiting after {seconds} s")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
