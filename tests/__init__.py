"""Test suite (a package, so that ``tests`` is this folder even when an installed library
ships a top-level ``tests`` package of its own, as the spylls 0.1.7 wheel does)."""
