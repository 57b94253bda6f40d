"""Masking of personal data for tokens that may not see it in full (docs/security.md)."""

from __future__ import annotations

MASK = "*"


def mask_middle(value: str | None, keep_start: int, keep_end: int) -> str | None:
    """Replaces every digit between the first `keep_start` and last `keep_end` characters."""
    if value is None:
        return None
    if len(value) <= keep_start + keep_end:
        return MASK * len(value)
    middle = value[keep_start : len(value) - keep_end]
    hidden = "".join(MASK if ch.isalnum() else ch for ch in middle)
    return value[:keep_start] + hidden + value[len(value) - keep_end :]


def mask_phone(value: str | None) -> str | None:
    """Shows a phone number's first three and last four characters: 138****5678."""
    return mask_middle(value, 3, 4)


def mask_id_number(value: str | None) -> str | None:
    """Shows an identity card number's first three and last four characters."""
    return mask_middle(value, 3, 4)
