"""The demo generator."""
