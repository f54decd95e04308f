"""A warm process for the tests: it imports the build's stack once, then runs each `python -m <module> ...`
the tests ask for in a child forked from it, so a test build pays for its notebooks, not for importing
pandas, matplotlib and nbconvert again, or checking unchanged raw files (about 3 s a build).

The child is what `python -m` would be: its own working directory, environment, argv, stdout and stderr
(files the client reads), the module run as __main__, the exit code as its status. It also starts its own
process group, so a timeout stops its workers too. A build that must be a process of its own (another hash
seed) is started by the tests as a subprocess instead.

Protocol (one JSON object a line): the client writes {"argv", "cwd", "env", "stdout", "stderr", "timeout"};
this process answers {"returncode", "timed_out"}. With "background": true it answers {"pid"} at once, the child's
process group, for a test that signals it (Ctrl-C, SIGKILL) while it runs; {"wait": pid, "timeout"} then answers
{"returncode", "timed_out"}. EOF on stdin ends it.
"""
from __future__ import annotations

import io
import json
import os
import runpy
import signal
import sys
import time
import traceback

#: the modules the tests run; anything else is refused (the tests start it as a subprocess)
MODULES = ("borgerservice.build", "borgerservice.scenarios", "borgerservice.rawdata")


def _child(request: dict) -> int:
    os.setpgid(0, 0)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    time.tzset()
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    for fd, path in ((1, request["stdout"]), (2, request["stderr"])):
        os.dup2(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), fd)
    sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8", line_buffering=True)
    sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding="utf-8", line_buffering=True)
    signal.signal(signal.SIGINT, signal.default_int_handler)

    from borgerservice import paths

    paths.use_root(request["env"]["BORGERSERVICE_ROOT"])
    module, *args = request["argv"]
    sys.argv = [module, *args]
    try:
        runpy.run_module(module, run_name="__main__", alter_sys=True)
        code = 0
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            code = exc.code or 0
        else:
            print(exc.code, file=sys.stderr)
            code = 1
    except BaseException:  # noqa: BLE001 - reported as python -m would
        traceback.print_exc()
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    return code


def _wait(pid: int, timeout: float) -> tuple[int, bool]:
    deadline = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status), False
        if time.monotonic() > deadline:
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            _, status = os.waitpid(pid, 0)
            return os.waitstatus_to_exitcode(status), True
        time.sleep(0.02)


def main() -> int:
    from borgerservice import build, execute, rawdata, scenarios  # noqa: F401 - imported once, shared by every child

    execute.warm_imports()
    # the raw files checked once here: a copy of the project with the same bytes and descriptions finds them in the
    # loader's cache (keyed by content hash and description), a changed file is checked again
    try:
        rawdata.validate_all()
    except (rawdata.RawDataError, FileNotFoundError):
        pass  # the project's own raw data is broken: each build says so itself
    reply = sys.stdout
    print(json.dumps({"ready": True}), file=reply, flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        if "wait" in request:
            code, timed_out = _wait(request["wait"], request["timeout"])
            print(json.dumps({"returncode": code, "timed_out": timed_out}), file=reply, flush=True)
            continue
        if request["argv"][0] not in MODULES:
            print(json.dumps({"error": f"not run warm: {request['argv'][0]}"}), file=reply, flush=True)
            continue
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                code = _child(request)
            finally:
                os._exit(code)  # never back into this loop, whatever happened
        try:
            os.setpgid(pid, pid)  # as the child does first: the group exists before anyone signals it
        except OSError:
            pass
        if request.get("background"):
            print(json.dumps({"pid": pid}), file=reply, flush=True)
            continue
        code, timed_out = _wait(pid, request["timeout"])
        print(json.dumps({"returncode": code, "timed_out": timed_out}), file=reply, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
