"""The terminal wizard a workshop answers together: one phase, one question at a time.

Owns the walk through a phase (``session``), repeatable groups, the review at the end,
the prompts (the only module that builds questionary/prompt_toolkit prompts) and their screen,
batch mode and choosing between the sides of a conflict. May import every layer except ``cli``.
Start with ``session``.
"""
