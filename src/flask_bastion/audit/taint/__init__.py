"""Data flow only: sources, sinks and sanitizers are data; this package knows no rule ids."""
