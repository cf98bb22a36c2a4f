"""Reading the plan as an advisor would: the guide's advice across phases and where the plan stands.

Owns the advice rules' engine (the rules themselves are data in ``questionnaires/advies.yaml``)
and the dashboard of phases, milestones, goals and budget. May import ``core``,
``questionnaire``, ``plan`` and ``git``. Start with ``advice``.
"""
