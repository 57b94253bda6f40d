"""Backup and restore against the real bundled Neo4j."""
