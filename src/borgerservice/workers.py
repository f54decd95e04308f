"""One build at a time, and notebooks run in workers that cannot hang the build.

* `ProjectLock`: a build or a scenario run holds build/lock (an flock, so a killed run's lock is free again
  the moment its processes are gone); a second run refuses at once, naming the running one and its pid.
* `run_parallel`: each notebook in a fresh process forked from the warm parent, at most `jobs` at a time.
  A worker that dies (os._exit in a cell, the out-of-memory killer's SIGKILL) fails its notebook with the
  cause instead of leaving the build waiting; Ctrl-C stops every worker, and a second Ctrl-C ends at once.
"""
from __future__ import annotations

import datetime
import fcntl
import os
import signal
import sys
import time
from pathlib import Path

from . import paths


class LockHeld(RuntimeError):
    """Another build or scenario run holds the project."""


def os_error(exc: OSError) -> str:
    """A file-system failure in one sentence that says what to do (a full disk, a read-only file, an odd shape)."""
    import errno

    where = f" ({exc.filename})" if exc.filename else ""
    if exc.errno == errno.ENOSPC:
        return f"the disk is full{where}: free some space and run it again"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"a file or folder cannot be written{where}: make it writable (chmod -R u+w build) or run make clean"
    if exc.errno in (errno.EISDIR, errno.ENOTDIR, errno.EEXIST) or isinstance(exc, IsADirectoryError | NotADirectoryError):
        return f"a folder stands where a file should be, or the reverse{where}: move it away or run make clean"
    return f"{exc.strerror or exc}{where}"


class ProjectLock:
    def __init__(self, what: str, path: Path | None = None):
        self.what = what
        self.path = path or paths.BUILD / "lock"
        self.fd: int | None = None

    def __enter__(self) -> ProjectLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 500).decode("utf-8", "replace").strip() or "another run"
            os.close(fd)
            raise LockHeld(f"{holder} is running in this project; wait for it to end (or stop it) and run again. "
                           f"Only one build or scenario run at a time writes the outputs.") from None
        # a lock left by a killed run holds no flock: it is simply taken over
        os.ftruncate(fd, 0)
        started = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S %Z")
        os.write(fd, f"{self.what} (pid {os.getpid()}, started {started})\n".encode())
        self.fd = fd
        return self

    def __exit__(self, *exc) -> None:
        if self.fd is not None:
            os.close(self.fd)  # releases the flock
            self.fd = None

    def release_in_child(self) -> None:
        """A forked worker drops its copy of the lock, so only the run itself holds it."""
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


#: the lock of the run in this process (closed in each forked worker)
CURRENT: ProjectLock | None = None


def holding(what: str, run, command: str, out=None, after: str = "") -> int:
    """`run()` while holding the project's lock; another run holding it (exit 3) or a file-system failure (exit 2)
    ends in one sentence that starts with `command` ("build", "scenarios", ...) and ends with `after`."""
    global CURRENT
    out = out if out is not None else sys.stderr
    try:
        with ProjectLock(what) as lock:
            CURRENT = lock
            try:
                return run()
            finally:
                CURRENT = None
    except LockHeld as exc:
        print(f"{command} refused: {exc}", file=out, flush=True)
        return 3
    except OSError as exc:
        print(f"{command} stopped: {os_error(exc)}{after}", file=out, flush=True)
        return 2


def _child(fn, task, conn, describe) -> None:
    if CURRENT is not None:
        CURRENT.release_in_child()
    try:
        result = fn(*task)
    except BaseException as exc:  # noqa: BLE001 - reported by the parent, named like any other result
        result = {**describe(task), "status": "failed", "cell": None, "seconds": 0.0, "reads": [], "wrote": [],
                  "error": f"{type(exc).__name__}: {exc}"}
    try:
        conn.send(result)
    finally:
        conn.close()
    os._exit(0)  # no atexit handlers of the parent's libraries in a forked child


def _died(task: tuple, describe, code: int | None, started: float) -> dict:
    cause = f"killed by signal {-code} ({signal.Signals(-code).name})" if code and code < 0 else f"exited with code {code}"
    res = describe(task)
    res.update(status="failed", cell=None, seconds=round(time.perf_counter() - started, 2), reads=[], wrote=[],
               error=f"the worker running it died ({cause}): a cell that ends the process (os._exit), or the "
                     "system's out-of-memory killer")
    return res


def run_parallel(fn, tasks: list[tuple], jobs: int, describe, out=None,
                 after: dict[int, set[int]] | None = None, watchdog=None) -> list[dict] | None:
    """fn(*task) for every task, each in a fresh process forked from this warm one; None if interrupted.

    `describe(task)` gives the result skeleton (stem, name, kept) for a worker that died before it could say.
    `after` maps a task's index to the indices it waits for (it reads what they write); a task whose upstream
    failed is not run and fails naming it.
    """
    import multiprocessing
    from multiprocessing.connection import wait

    out = out if out is not None else sys.stdout
    ctx = multiprocessing.get_context("fork")
    after = after or {}
    pending = list(range(len(tasks)))
    running: dict[int, tuple] = {}
    results: list[dict] = []
    status: dict[int, str] = {}
    try:
        while pending or running:
            for i in list(pending):  # a task whose upstream failed cannot run
                failed = [j for j in after.get(i, ()) if status.get(j, "ok") != "ok"]
                if failed:
                    pending.remove(i)
                    writers = ", ".join(describe(tasks[j])["name"] for j in failed)
                    res = {**describe(tasks[i]), "kept": "(nothing: not run)", "status": "failed", "cell": None,
                           "seconds": 0.0, "reads": [], "wrote": [],
                           "error": f"not run: it reads what {writers} writes, which failed"}
                    status[i] = "failed"
                    results.append(res)
                    print(f"[FAILED] {res['name']} (not run)", file=out, flush=True)
            while len(running) < jobs:
                ready = [i for i in pending if all(status.get(j) == "ok" for j in after.get(i, ()))]
                if not ready:
                    break
                index = ready[0]
                pending.remove(index)
                task = tasks[index]
                receive, send = ctx.Pipe(duplex=False)
                proc = ctx.Process(target=_child, args=(fn, task, send, describe), daemon=True)
                proc.start()
                send.close()
                running[proc.sentinel] = (proc, receive, task, time.perf_counter(), index)
            if not running:
                continue
            wait([*running, *(r[1] for r in running.values())], timeout=1.0)
            for key in list(running):
                proc, receive, task, started, index = running[key]
                res = None
                overdue = watchdog(task) if watchdog else None
                if overdue and proc.is_alive() and not receive.poll():
                    proc.kill()  # a cell stuck in C code never lets its own alarm fire: stopped from outside
                    proc.join(timeout=10)
                    res = {**describe(task), "status": "failed", "cell": None, "reads": [], "wrote": [],
                           "seconds": round(time.perf_counter() - started, 2), "error": overdue}
                if res is None and receive.poll():
                    try:
                        res = receive.recv()
                    except (EOFError, OSError):
                        res = None
                if res is None and proc.is_alive():
                    continue
                proc.join(timeout=10)
                if res is None:
                    res = _died(task, describe, proc.exitcode, started)
                receive.close()
                del running[key]
                status[index] = res["status"]
                results.append(res)
                mark = "ok" if res["status"] == "ok" else "FAILED"
                print(f"[{mark:>6}] {res['name']} ({res.get('seconds', 0):.1f} s)", file=out, flush=True)
    except KeyboardInterrupt:
        # a second Ctrl-C while the workers are stopped ends the run at once
        signal.signal(signal.SIGINT, lambda *_: os._exit(130))
        for proc, *_ in running.values():
            proc.terminate()
        deadline = time.time() + 5
        for proc, *_ in running.values():
            proc.join(timeout=max(0.1, deadline - time.time()))
            if proc.is_alive():
                proc.kill()
                proc.join(timeout=5)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        return None
    return results
