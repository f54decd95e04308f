"""Shared code for the reproduction of 'Kommunal borgerservice anno 2011'.

Notebooks call this package for loading (with validation), computing, plotting and
exporting, so that every notebook reads the same way and every rule lives in one place.
"""
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("borgerservice")  # one version: pyproject.toml's
except PackageNotFoundError:  # a source tree that is not installed
    __version__ = "unknown"
