"""The auditor: static analysis (``bastion audit``) and live checks (``bastion check``).

Boundary: the auditor never runs the scanned project's code unless asked
(``--app`` imports it; ``--url`` only sends HTTP requests). Analysis never
prints; reporters never analyse; both meet in :class:`finding.AuditResult`.
"""
