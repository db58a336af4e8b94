"""Placeholder until this mitigation lands; see the catalogue entry."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask

    from ..extension import BastionState


def install(app: Flask, state: BastionState) -> None:
    """Not implemented yet."""
