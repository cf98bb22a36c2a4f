"""The questionnaires: one definition per phase serves the wizard, validation, the JSON Schema
and the answer-key reference.

Owns the frozen model (phases, questions, choices), loading and checking the YAML definitions
(``catalog``), the sandboxed ``wanneer`` conditions, validating answers, conditions in words,
the schema and the reference. May import ``core`` only. Start with ``model``, then ``catalog``.
"""
