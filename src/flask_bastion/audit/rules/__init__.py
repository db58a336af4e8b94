"""Rules, one module per family, mirroring ``flask_bastion.mitigations``.

Ranges (ids are public API: never renumber, never reuse):
FB0xx engine diagnostics, FB1xx secrets & config, FB2xx sessions & cookies,
FB3xx CSRF, FB4xx injection (FB400-FB449 taint, FB450-FB469 autoescape &
templates), FB5xx files & uploads (FB550-FB559 data-flow), FB6xx errors &
debug, FB7xx headers & transport, FB8xx access control & auth (FB850-FB859
data-flow IDOR), FB9xx dependencies & deployment. In every family the ids
xx80-xx99 belong to live checks (``audit/live``).
"""
