"""A plan folder on disk: ``plan.yaml``, the answer files per phase and the documents it defines.

Owns reading and writing the user's files (comments and order kept), the wizard lock,
migrations of older plans and the list of documents. May import ``core`` and ``questionnaire``.
Start with ``folder`` (the ``Plan``), then ``answers``.
"""
