"""Loaded by the builds that the tests start (through PYTHONPATH)."""
import offline_guard

offline_guard.install()
