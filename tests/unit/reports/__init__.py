"""Gap report tests."""
