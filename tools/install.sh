#!/usr/bin/env bash
# Set up .venv and install one hash-locked group: requirements/<group>.lock (report, test or lab).
#
#   tools/install.sh report        # what `make report` needs
#   INSTALLER=pip tools/install.sh test   # the slower fallback, without uv
#
# Why uv: a fresh clone's install is most of a newcomer's first `make report`. uv itself is pinned by hash in
# requirements/uv.lock and installed into .venv by the system's pip, so nothing but Python and pip is assumed. Every
# group is a superset of report.lock at the same versions, so switching groups never changes what the notebooks run on.
set -euo pipefail
cd "$(dirname "$0")/.."

group=${1:?usage: tools/install.sh report|test|lab}
lock=requirements/$group.lock
[ -f "$lock" ] || { echo "no $lock (groups: report, test, lab)" >&2; exit 2; }
python=${PYTHON:-python3}
installer=${INSTALLER:-uv}
venv=.venv
py=$venv/bin/python
kernel=borgerservice

case "$installer" in uv|pip) ;; *) echo "INSTALLER must be uv or pip, not '$installer'" >&2; exit 2 ;; esac

if [ ! -x "$py" ]; then
  echo "setting up $venv with $("$python" --version 2>&1) ($installer)"
  if [ "$installer" = uv ]; then "$python" -m venv --without-pip "$venv"; else "$python" -m venv "$venv"; fi
fi

if [ "$installer" = uv ] && [ ! -x "$venv/bin/uv" ]; then
  # pip >= 22.3 installs into another interpreter with --python; an older pip, or no registry, falls back to pip
  if ! "$python" -m pip --python "$py" install --quiet --disable-pip-version-check --require-hashes --no-deps \
        -r requirements/uv.lock 2>/dev/null; then
    echo "could not bootstrap uv from requirements/uv.lock: installing with pip instead (slower)" >&2
    installer=pip
  fi
fi

# uv keeps its cache in the home folder; where that cannot be written (a read-only HOME), inside .venv instead
if [ -z "${UV_CACHE_DIR:-}" ] && ! { mkdir -p "${XDG_CACHE_HOME:-${HOME:-/nonexistent}/.cache}/uv" 2>/dev/null &&
                                   [ -w "${XDG_CACHE_HOME:-${HOME:-/nonexistent}/.cache}/uv" ]; }; then
  export UV_CACHE_DIR="$PWD/$venv/.uv-cache"
fi

echo "installing $lock (hash-checked, $installer)"
if [ "$installer" = uv ]; then
  uv=$venv/bin/uv
  if [ "$group" != report ]; then
    # the report set first, as `make report` installs it (its bytecode is compiled by the first build, as it imports
    # what it needs: faster than compiling every module of pandas and matplotlib here); then what the group adds,
    # compiled here on both cores (about 1 s), not by each test process or the lab server on its first import (3 s each)
    "$uv" pip install --quiet --python "$py" --require-hashes --no-deps -r requirements/report.lock
    "$uv" pip install --quiet --python "$py" --require-hashes --no-deps --compile-bytecode -r "$lock"
  else
    "$uv" pip install --quiet --python "$py" --require-hashes --no-deps -r "$lock"
  fi
  "$uv" pip install --quiet --python "$py" --no-deps --no-build-isolation --no-index -e .
  "$uv" pip check --quiet --python "$py"
else
  "$py" -m pip --version >/dev/null 2>&1 || "$py" -m ensurepip --default-pip >/dev/null
  "$py" -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r "$lock"
  "$py" -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation --no-index -e .
  "$py" -m pip check --disable-pip-version-check >/dev/null || "$py" -m pip check
fi

# the project's kernel, registered inside .venv (never in the user's home); the kernel.json that
# `ipykernel install --sys-prefix` writes, without paying for importing ipykernel to write it. The kernel logs errors
# only: it talks to JupyterLab on this machine's loopback, and would otherwise warn at every start that TCP is not
# encrypted (local sockets would spare the warning, but their paths are too long inside a deep project folder)
if ! grep -q "log_level" "$venv/share/jupyter/kernels/$kernel/kernel.json" 2>/dev/null; then
  "$py" - "$kernel" <<'PY'
import json, pathlib, sys
spec = pathlib.Path(sys.prefix, "share", "jupyter", "kernels", sys.argv[1])
spec.mkdir(parents=True, exist_ok=True)
(spec / "kernel.json").write_text(json.dumps({
    "argv": [sys.executable, "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", "{connection_file}",
             "--IPKernelApp.log_level=ERROR"],
    "display_name": "Python (borgerservice)", "language": "python",
    "metadata": {"debugger": True, "supported_encryption": ["curve"]}, "kernel_protocol_version": "5.5"}, indent=1))
PY
fi
