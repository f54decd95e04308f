"""Shared code for the reproduction of 'Kommunal borgerservice anno 2011'.

Notebooks call this package for loading (with validation), computing, plotting and
exporting, so that every notebook reads the same way and every rule lives in one place.
"""
import sys

__version__ = "0.1.0"

# nbformat imports jsonschema, which imports rfc3987_syntax when it is installed (JupyterLab's jupyter-events pulls
# it into the lab and test environments), and that import builds a parser for about 1.5 s in every process: a third
# of a build's start-up. Notebook validation checks no IRI, so jsonschema is left to do without it (it catches the
# ImportError), in the processes that import this package first.
sys.modules.setdefault("rfc3987_syntax", None)
