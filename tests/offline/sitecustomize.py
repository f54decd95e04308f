"""Loaded by the builds and tools that the tests start (through PYTHONPATH): no connection leaves this machine."""
import offline_guard

offline_guard.install()
