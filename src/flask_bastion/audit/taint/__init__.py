"""Data flow only: sources, sinks and sanitizers are data; this package knows no rule ids.

Pipeline: :mod:`.index` resolves names and finds views; :mod:`.interpreter`
(statements) and :mod:`.expressions` propagate abstract values (:mod:`.values`)
through each function, :mod:`.calls` follows calls (project functions through
summaries), :mod:`.sinks` and :mod:`.guards` decide what reaches a sink and
what a check proves; :mod:`.specs` says what is a source, a sink or a
sanitizer. The result is a list of :class:`Flow` per sink *kind*; rules in
``audit/rules`` turn kinds into findings.
"""

from .context import Flow as Flow
from .engine import TaintResult as TaintResult
from .engine import analyze as analyze
from .index import Function as Function
from .index import ProjectIndex as ProjectIndex
from .values import Step as Step

__all__ = ["Flow", "Function", "ProjectIndex", "Step", "TaintResult", "analyze"]
