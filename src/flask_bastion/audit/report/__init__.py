"""Reporters: pure functions ``AuditResult -> str``, one module per format."""
