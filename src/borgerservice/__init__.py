"""Shared code for the reproduction of 'Kommunal borgerservice anno 2011'.

Notebooks call this package for loading (with validation), the shared look of figures, printed layouts and
exporting, so that every notebook reads the same way and every rule lives in one place; each notebook keeps its own
arithmetic and draws its own figures.
"""
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("borgerservice")  # one version: pyproject.toml's
except PackageNotFoundError:  # a source tree that is not installed
    __version__ = "unknown"
