"""Shared code for the reproduction of 'Kommunal borgerservice anno 2011'.

Notebooks call this package for loading (with validation), computing, plotting and
exporting, so that every notebook reads the same way and every rule lives in one place.
"""
__version__ = "0.1.0"
