"""`make lab`: JupyterLab as the room a researcher works in.

    python -m borgerservice.lab [--port 8888]

Rooted at the project (data/, figures/, report/ and notebooks/ in the file browser), the project's kernel as the
default for new notebooks, Jupyter's runtime files and settings and IPython's profile inside the project's .venv
(never in the home directory), and Ctrl-C stops the server without asking. Notebooks run here write where the build writes.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import paths
from .plan import KERNEL_NAME


def command(port: int) -> list[str]:
    """The jupyter lab command line: the project as root, the project's kernel as default, no confirmation on
    Ctrl-C, and no other port tried when this one is taken."""
    jupyter = Path(sys.executable).parent / "jupyter"
    cmd = [str(jupyter), "lab", f"--ServerApp.root_dir={paths.ROOT}", f"--port={port}", "--no-browser",
           f"--MappingKernelManager.default_kernel_name={KERNEL_NAME}", "--ServerApp.answer_yes=True",
           "--ServerApp.port_retries=0"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    return cmd


def environment() -> dict[str, str]:
    """Jupyter's and matplotlib's state inside the project's .venv, unless the caller chose elsewhere."""
    venv = Path(sys.prefix)
    env = dict(os.environ)
    env.setdefault("JUPYTER_RUNTIME_DIR", str(venv / "jupyter-runtime"))
    env.setdefault("JUPYTER_CONFIG_DIR", str(venv / "etc" / "jupyter-user"))
    env.setdefault("JUPYTER_DATA_DIR", str(venv / "share" / "jupyter"))
    env.setdefault("MPLCONFIGDIR", str(venv / "mplconfig"))
    env.setdefault("IPYTHONDIR", str(venv / "ipython"))  # the kernels' profile and history
    env.setdefault("npm_config_cache", str(venv / "npm-cache"))  # JupyterLab asks npm for its version at start
    env["BORGERSERVICE_ROOT"] = str(paths.ROOT)
    return env


#: JupyterLab's settings for this project: no question about fetching news from the network, no update check
OVERRIDES = {"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False}}


def write_overrides() -> Path:
    import json

    path = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(OVERRIDES, indent=1) + "\n", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="JupyterLab on the project, with the project's kernel")
    parser.add_argument("--port", type=int, default=8888)
    args = parser.parse_args(argv)
    if not 1 <= args.port <= 65535:
        parser.error(f"--port must be 1-65535, not {args.port}")
    cmd = command(args.port)
    write_overrides()
    os.execve(cmd[0], cmd, environment())
    return 0  # pragma: no cover - execve does not return


if __name__ == "__main__":
    raise SystemExit(main())
