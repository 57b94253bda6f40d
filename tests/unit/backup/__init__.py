"""The backup file format: its header and the values it encodes."""
