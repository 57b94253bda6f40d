"""Helpers shared by the tests, one module per concern; conftests hold only fixtures, and no
test module imports another test module or a conftest (tests/unit/test_suite_imports.py)."""
