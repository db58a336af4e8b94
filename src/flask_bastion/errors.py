"""Errors the guard raises. Each names the setting, the risk and the fix."""

from __future__ import annotations


class BastionError(Exception):
    """Base class for every Flask-Bastion error."""


class ConfigurationError(BastionError):
    """A configuration the production profile refuses to start with.

    Raised from ``init_app`` (start-up), never from a request, so a bad
    deployment fails before it serves anyone. The message teaches: which
    setting, why it is refused, and what to do instead. It never contains the
    value of a secret.
    """

    def __init__(self, setting: str, problem: str, fix: str) -> None:
        self.setting = setting
        self.problem = problem
        self.fix = fix
        super().__init__(f"{setting}: {problem}. Fix: {fix}")
