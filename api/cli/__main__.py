"""Allows `python -m api.cli`."""

from api.cli.main import main

main()
