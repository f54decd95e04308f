"""Loaded by the builds and tools that the tests start (through PYTHONPATH)."""
import sys

import offline_guard

offline_guard.install()
# as the package does for its own processes (src/borgerservice/__init__.py): the tools the tests start by hand
# (papermill, nbstripout, JupyterLab) import jsonschema through nbformat, and it would build rfc3987_syntax's IRI
# parser for 1.5 s in each; nothing they validate here checks an IRI
sys.modules.setdefault("rfc3987_syntax", None)
