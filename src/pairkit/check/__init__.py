"""Stage 3, check: plain functions over all records that return diagnostics and change nothing.

The list of checks and the function that runs them are in ``check.run``. This package imports nothing itself, so
that a module that needs one light part (``root_cause``, ``files``) does not load every check and the record
models with it: `pairkit validate` with nothing changed answers from the cache without them.
"""
