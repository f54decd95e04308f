"""Shared fixtures: an isolated copy of the project for builds, and of data/raw for loaders."""
from __future__ import annotations

import atexit
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from borgerservice import paths

sys.path.insert(0, str(Path(__file__).parent / "offline"))
sys.path.insert(0, str(Path(__file__).parent.parent / "tools"))  # bench.py, the benchmark script
import offline_guard  # noqa: E402

ROOT = paths.ROOT


def make_project_copy(dest: Path) -> Path:
    from bench import copy_project

    copy_project(dest)
    for rel in ("data/processed", "figures"):
        (dest / rel).mkdir(parents=True, exist_ok=True)
    return dest


def project_env(root: Path) -> dict:
    env = dict(os.environ)
    env["BORGERSERVICE_ROOT"] = str(root)
    env.pop("BORGERSERVICE_OUTPUT_ROOT", None)
    env.pop("BORGERSERVICE_MANIFEST", None)
    offline = str(Path(__file__).parent / "offline")
    env["PYTHONPATH"] = offline + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def run_module_cold(root: Path, module: str, *args: str, timeout: int = 600,
                    env: dict | None = None) -> subprocess.CompletedProcess:
    """`python -m module args` as a process of its own (a fresh interpreter, its own hash seed)."""
    return subprocess.run([sys.executable, "-m", module, *args], cwd=root, env={**project_env(root), **(env or {})},
                          capture_output=True, text=True, timeout=timeout)


class _WarmRunner:
    """The client of tests/warm_runner.py: one warm process per test process, started on first use."""

    def __init__(self):
        self.proc = None

    def _ensure(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            script = Path(__file__).parent / "warm_runner.py"
            self.proc = subprocess.Popen([sys.executable, str(script)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         env=project_env(ROOT), cwd=ROOT, text=True)
            ready = self.proc.stdout.readline()
            assert ready.strip() == '{"ready": true}', f"the warm runner did not start: {ready!r}"

    def run(self, root: Path, module: str, args: tuple, timeout: int, env: dict | None) -> subprocess.CompletedProcess:
        self._ensure()
        with tempfile.TemporaryDirectory(prefix="warm-") as tmp:
            out, err = Path(tmp) / "stdout", Path(tmp) / "stderr"
            request = {"argv": [module, *args], "cwd": str(root), "env": {**project_env(root), **(env or {})},
                       "stdout": str(out), "stderr": str(err), "timeout": timeout}
            self.proc.stdin.write(json.dumps(request) + "\n")
            self.proc.stdin.flush()
            answer = json.loads(self.proc.stdout.readline())
            stdout = out.read_text(encoding="utf-8") if out.exists() else ""
            stderr = err.read_text(encoding="utf-8") if err.exists() else ""
        if answer.get("timed_out"):
            raise subprocess.TimeoutExpired([module, *args], timeout, stdout, stderr)
        return subprocess.CompletedProcess(["python", "-m", module, *args], answer["returncode"], stdout, stderr)

    def start(self, root: Path, module: str, args: tuple, env: dict | None, stdout: Path, stderr: Path) -> int:
        """Start it and return at once: the pid of the child, which leads its own process group."""
        self._ensure()
        request = {"argv": [module, *args], "cwd": str(root), "env": {**project_env(root), **(env or {})},
                   "stdout": str(stdout), "stderr": str(stderr), "timeout": 0, "background": True}
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())["pid"]

    def wait(self, pid: int, timeout: float) -> tuple[int, bool]:
        self.proc.stdin.write(json.dumps({"wait": pid, "timeout": timeout}) + "\n")
        self.proc.stdin.flush()
        answer = json.loads(self.proc.stdout.readline())
        return answer["returncode"], answer["timed_out"]

    def close(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.stdin.close()
            self.proc.wait(timeout=30)


_WARM = _WarmRunner()
atexit.register(_WARM.close)
#: what only a process of its own can change (the interpreter reads them when it starts)
_WARM_MODULES = ("borgerservice.build", "borgerservice.scenarios", "borgerservice.rawdata")
_COLD_ENV = ("PYTHONHASHSEED", "PYTHONPATH", "PYTHONDONTWRITEBYTECODE", "LC_ALL", "LANG")


def run_module(root: Path, module: str, *args: str, timeout: int = 600, env: dict | None = None) -> subprocess.CompletedProcess:
    """`python -m module args` in the project copy at `root`, as a child of a warm process when it can be."""
    if os.environ.get("BORGERSERVICE_TESTS_COLD") or module not in _WARM_MODULES or \
            any(k in _COLD_ENV for k in (env or {})):
        return run_module_cold(root, module, *args, timeout=timeout, env=env)
    return _WARM.run(root, module, args, timeout, env)


class Started:
    """A command started in the background (start_module): its process group, its output so far, its end."""

    def __init__(self, pid: int, stdout: Path, stderr: Path, wait):
        self.pid, self.stdout_path, self.stderr_path, self._wait = pid, stdout, stderr, wait

    def output(self) -> str:
        return "".join(p.read_text(encoding="utf-8", errors="replace") for p in (self.stdout_path, self.stderr_path)
                       if p.exists())

    def wait_for(self, text: str, timeout: float = 60) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.output():
                return True
            time.sleep(0.05)
        return False

    def wait(self, timeout: float = 30) -> int:
        code, timed_out = self._wait(timeout)
        if timed_out:
            raise subprocess.TimeoutExpired(str(self.pid), timeout, self.output())
        return code


def start_module(root: Path, module: str, *args: str, out_dir: Path, env: dict | None = None) -> Started:
    """`python -m module args` in the project copy at `root`, started and left running, in a process group of its own
    (a test sends it signals: `os.killpg(started.pid, ...)`); forked from the warm process unless tests run cold."""
    stdout, stderr = out_dir / f"{module}.stdout", out_dir / f"{module}.stderr"
    if os.environ.get("BORGERSERVICE_TESTS_COLD") or module not in _WARM_MODULES:
        with stdout.open("w") as o, stderr.open("w") as e:
            proc = subprocess.Popen([sys.executable, "-m", module, *args], cwd=root, env={**project_env(root), **(env or {})},
                                    stdout=o, stderr=e, start_new_session=True)

        def wait(timeout: float) -> tuple[int, bool]:
            try:
                return proc.wait(timeout=timeout), False
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                return proc.wait(), True
        return Started(proc.pid, stdout, stderr, wait)
    pid = _WARM.start(root, module, args, env, stdout, stderr)
    return Started(pid, stdout, stderr, lambda timeout: _WARM.wait(pid, timeout))


def notebook_function(stem: str, name: str):
    """A function a notebook defines (its figure's `draw_...`), with the notebook's imports and the constants (names
    in capitals) it uses, for a test that calls it on its own."""
    import ast

    cells = json.loads((ROOT / "notebooks" / f"{stem}.ipynb").read_text(encoding="utf-8"))["cells"]
    tree = ast.parse("\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code"))
    func = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == name)
    used = {n.id for n in ast.walk(func) if isinstance(n, ast.Name)}
    keep = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom)) or n is func
            or (isinstance(n, ast.Assign) and {t.id for t in n.targets if isinstance(t, ast.Name) and t.id.isupper()} & used)]
    namespace: dict = {}
    exec(compile(ast.Module(body=keep, type_ignores=[]), f"notebooks/{stem}.ipynb", "exec"), namespace)
    return namespace[name]


def tree_digest(root: Path, rels=("data/processed", "figures", "report"), skip=("provenance.js", ".gitkeep")) -> dict[str, str]:
    out = {}
    for rel in rels:
        base = root / rel
        if not base.exists():
            continue
        for p in sorted(base.rglob("*")):
            if p.is_file() and p.name not in skip:
                out[p.relative_to(root).as_posix()] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def read_output(root: Path, name: str):
    """A tidy output of a build (data/processed/<name>.csv), read as a reader of the contract reads it."""
    import pandas as pd

    return pd.read_csv(root / "data" / "processed" / f"{name}.csv", keep_default_na=False, na_values=[""])


@pytest.fixture(scope="session")
def built_outputs(built_project):
    """What the notebooks computed, from the shared build: `built_outputs("claims")` is its claims.csv."""
    root, _ = built_project
    return lambda name: read_output(root, name)


@pytest.fixture(scope="session")
def _paper_ledger(built_outputs):
    ledger = built_outputs("claims")
    danish = built_outputs("claim_explanations_da").rename(columns={"explanation": "explanation_da"})
    return ledger.merge(danish, on="claim_id", how="left", validate="one_to_one")


@pytest.fixture
def paper_ledger(_paper_ledger):
    """The numbers check of the shared build (claims.csv with its Danish explanations), a copy per test."""
    return _paper_ledger.copy()


#: fixtures that need the project built (its notebooks run): a test that uses one is `slow`
_BUILDS = {"built_project", "danish_build", "built_outputs", "paper_ledger", "_paper_ledger"}


#: how long each test took in this machine's last run that ran it (set-up, call and tear-down), for the order of
#: the next run (the long ones first)
SECONDS = ROOT / "build" / "test-seconds.json"
#: a test not timed yet goes before the ones known to be quick
UNTIMED = 0.5


def _read_seconds(path: Path) -> dict[str, float]:
    try:
        return {str(k): float(v) for k, v in json.loads(path.read_text(encoding="utf-8")).items()}
    except (OSError, ValueError, AttributeError):
        return {}


def pytest_collection_modifyitems(items):
    for item in items:
        if _BUILDS & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
    # longest first: the test processes take the next test as they finish one (--dist load), so the long ones
    # (the Danish build behind the browser test, a clean build, a kernel) start at once and the short ones fill in
    # at the end, instead of one process finishing a long test while the other has nothing left to do
    seconds = _read_seconds(SECONDS)
    if seconds:
        items.sort(key=lambda item: -seconds.get(item.nodeid, UNTIMED))


_TIMED: dict[str, float] = {}


def pytest_runtest_logreport(report):
    if os.environ.get("PYTEST_XDIST_WORKER") is None:  # the process that runs or hears of every test
        _TIMED[report.nodeid] = _TIMED.get(report.nodeid, 0.0) + report.duration


def pytest_sessionfinish(session):
    if os.environ.get("PYTEST_XDIST_WORKER") is None and _TIMED:
        seconds = {**_read_seconds(SECONDS), **{k: round(v, 2) for k, v in _TIMED.items()}}
        SECONDS.parent.mkdir(parents=True, exist_ok=True)
        tmp = SECONDS.with_suffix(".tmp")
        tmp.write_text(json.dumps(seconds, indent=0, sort_keys=True), encoding="utf-8")
        tmp.replace(SECONDS)


@pytest.fixture
def raw_copy(tmp_path, monkeypatch):
    """A private copy of data/raw that the loaders read instead of the real one."""
    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "data" / "raw", raw)
    monkeypatch.setattr(paths, "RAW", raw)
    monkeypatch.setattr(paths, "DATAPACKAGE", raw / "datapackage.json")
    return raw


#: what a build owns: copied from the project into the shared test build when `make report` ran first (the manifests
#: too: the report lists an added notebook's figures and tables from what its last run wrote)
BUILT = ("data/processed", "figures", "report", "build/stamps", "build/manifests")


def shared_build(tmp_path_factory, name: str, *args: str, clean: bool = False, env: dict | None = None):
    """A build of a copy of the project, made once per test session and shared by every test process.

    The project's own outputs are copied in first when `make report` made them (only what does not match the sources
    re-runs), unless the build is to be `clean`, from no outputs at all. Under pytest-xdist the first process to ask
    builds it and the others wait.
    """
    import fcntl

    tmp = tmp_path_factory.getbasetemp()
    shared = tmp.parent if os.environ.get("PYTEST_XDIST_WORKER") else tmp
    root = shared / name
    log = shared / f"{name}.log.json"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not log.is_file():
            shutil.rmtree(root, ignore_errors=True)
            make_project_copy(root)
            for rel in BUILT if not clean else ():
                if (ROOT / rel).is_dir():
                    shutil.copytree(ROOT / rel, root / rel, dirs_exist_ok=True)
            result = run_module(root, "borgerservice.build", *args, env=env)
            log.write_text(json.dumps({"args": result.args, "returncode": result.returncode,
                                       "stdout": result.stdout, "stderr": result.stderr}))
    return root, subprocess.CompletedProcess(**json.loads(log.read_text()))


@pytest.fixture(scope="session")
def built_project(tmp_path_factory):
    """One built copy of the project, shared by the build tests that only read it.

    When the project itself has been built (`make report` before `make test`), its outputs and stamps
    are copied in first; the copy's runner then re-runs only what does not match the sources, so the
    tests never read outputs that are stale, and a fresh clone still gets one full build.
    """
    root, result = shared_build(tmp_path_factory, "built")
    assert result.returncode == 0, result.stdout + result.stderr
    return root, result


#: another time zone, locale and hash seed than the shared build's (a hash seed is fixed when an interpreter starts,
#: so a build here is a process of its own)
ELSEWHERE = {"TZ": "Pacific/Auckland", "LC_ALL": "C", "PYTHONHASHSEED": "7"}


@pytest.fixture(scope="session")
def danish_build(tmp_path_factory):
    """The report in Danish: a clean build (from no outputs), made ELSEWHERE.

    The browser and language tests read its pages; the determinism test compares it with the shared build, which
    spares the suite a third full build.
    """
    root, result = shared_build(tmp_path_factory, "built-da", "--lang", "da", clean=True, env=ELSEWHERE)
    assert result.returncode == 0, result.stdout + result.stderr
    return root


def built_copy(tmp_path: Path, built_project) -> Path:
    """A private copy of the shared build, for a test that changes it."""
    src, _ = built_project
    dest = tmp_path / "copy"
    shutil.copytree(src, dest, symlinks=True)
    return dest


@pytest.fixture(autouse=True)
def _offline(monkeypatch):
    """Builds and tests never touch the network: any connection off this machine fails."""
    monkeypatch.setattr(socket.socket, "connect", offline_guard.guarded_connect)


def pytest_terminal_summary(terminalreporter):
    """Say it loudly when the report was not opened in a browser (a skip is easy to miss in a row of dots)."""
    skipped = terminalreporter.stats.get("skipped", [])
    if any("no Chromium found" in str(getattr(r, "longrepr", "")) for r in skipped):
        terminalreporter.write_sep("!", "THE REPORT WAS NOT CHECKED IN A BROWSER: no Chromium on this machine "
                                        "(apt-get install chromium, or set BORGERSERVICE_CHROMIUM)", red=True, bold=True)
