"""Working on one plan with a team in git: setup, the merge driver, history and text for diffs.

Every git command runs through ``command``, so the plan's own git configuration can never
run a program. May import ``core``, ``questionnaire`` and ``plan``. Start with ``command``
and ``setup``; ``merge`` is the driver git calls, ``history`` tells in Dutch what changed.
"""
