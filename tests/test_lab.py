"""`make lab` as a researcher meets it, through the server's REST API: rooted at the project, the project's kernel
as the default, a session on it that runs a notebook and writes where the build writes, Jupyter's state inside
the project, and Ctrl-C stopping it without a question."""
from __future__ import annotations

import asyncio
import concurrent.futures
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid

import pytest
from conftest import built_copy, project_env, tree_digest

pytestmark = pytest.mark.slow

TOKEN = "borgerservice-test"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _api(port: int, path: str, method: str = "GET", body: dict | None = None):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                                 data=None if body is None else json.dumps(body).encode(),
                                 headers={"Authorization": f"token {TOKEN}", "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read() or b"null")


def _execute(port: int, kernel_id: str, sources: list[str], timeout: float = 120) -> list[dict]:
    """Run each source on the kernel through its websocket, as JupyterLab's Run All does; the replies, in order."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    async def run() -> list[dict]:
        session = uuid.uuid4().hex
        url = f"ws://127.0.0.1:{port}/api/kernels/{kernel_id}/channels?session_id={session}"
        ws = await websocket_connect(HTTPRequest(url, headers={"Authorization": f"token {TOKEN}"}))
        replies = []
        for code in sources:
            msg_id = uuid.uuid4().hex
            await ws.write_message(json.dumps({
                "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "test", "session": session,
                           "date": "", "version": "5.3"},
                "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                            "allow_stdin": False, "stop_on_error": True}}))
            while True:
                msg = json.loads(await asyncio.wait_for(ws.read_message(), timeout))
                if msg.get("channel") == "shell" and msg["parent_header"].get("msg_id") == msg_id:
                    replies.append(msg["content"])
                    break
        ws.close()
        return replies

    # a thread of its own: in a test process that also drives the browser, this thread already runs an event loop
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(run())).result()


def test_lab_serves_the_project_runs_a_notebook_on_its_kernel_and_stops_on_ctrl_c(tmp_path, built_project):
    root = built_copy(tmp_path, built_project)
    port = _free_port()
    env = {**project_env(root), "JUPYTER_TOKEN": TOKEN}
    for var in ("JUPYTER_RUNTIME_DIR", "JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "IPYTHONDIR"):
        env.pop(var, None)  # as from a plain shell: the launcher keeps Jupyter's state inside the project
    home = tmp_path / "home"
    home.mkdir()
    env["HOME"] = str(home)
    # the server's log goes to a file: a pipe nobody reads fills up, and a server blocked on writing its log
    # neither answers nor stops
    log_path = tmp_path / "lab.log"
    log_file = log_path.open("w")
    # Ctrl-C as a terminal delivers it: a test run started in the background inherits SIGINT ignored, and the
    # server would inherit that too
    server = subprocess.Popen([sys.executable, "-m", "borgerservice.lab", "--port", str(port)], cwd=root, env=env,
                              stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True,
                              preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        deadline = time.time() + 60
        while True:
            try:
                _api(port, "/api/status")
                break
            except OSError:
                assert server.poll() is None and time.time() < deadline, log_path.read_text()[-3000:]
                time.sleep(0.3)
        # the file browser shows the project, not notebooks/
        listing = {item["name"] for item in _api(port, "/api/contents")["content"]}
        assert {"notebooks", "data", "figures", "report", "scenarios.toml"} <= listing, listing
        specs = _api(port, "/api/kernelspecs")
        assert specs["default"] == "borgerservice" and "borgerservice" in specs["kernelspecs"]
        # a session on the project's kernel runs notebook 07 cell by cell, as Run All would
        session = _api(port, "/api/sessions", "POST", {"path": "notebooks/07_channel_costs.ipynb", "type": "notebook",
                                                          "name": "07", "kernel": {"name": "borgerservice"}})
        assert session["kernel"]["name"] == "borgerservice"
        nb = json.loads((root / "notebooks/07_channel_costs.ipynb").read_text())
        sources = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
        published = tree_digest(root)
        replies = _execute(port, session["kernel"]["id"], sources)
        failed = [(i, r.get("ename"), r.get("evalue")) for i, r in enumerate(replies) if r["status"] != "ok"]
        assert not failed, failed
        # it wrote to its scratch folder, the same table the build makes, and left the published build alone
        scratch = root / "build/scratch/07_channel_costs/data/processed/tables/table_09.csv"
        assert scratch.read_text().splitlines()[1] == "Personal,110,59000000,6.5"
        assert tree_digest(root) == published
        # Jupyter's runtime files are inside the project's .venv, none in the home folder
        assert not any(home.rglob("*")), sorted(str(p) for p in home.rglob("*"))[:5]
    finally:
        os.killpg(server.pid, signal.SIGINT)  # Ctrl-C: with answer_yes the server stops without asking
        try:
            server.wait(timeout=60)  # it shuts the kernel down first (up to its shutdown_wait_time)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            pytest.fail(f"the server did not stop on Ctrl-C within 60 s; its log ends:\n{log_path.read_text()[-3000:]}")
        finally:
            log_file.close()
