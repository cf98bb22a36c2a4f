"""From validated answers to documents: context → Markdown → HTML, DOCX and PDF.

One data path: ``pipeline`` fills each template with the ``context``, ``markdown`` parses the
result once, and ``html``, ``docx`` and ``pdf`` write it out; ``charts`` and ``figures`` make
and place the pictures, ``table_layout`` holds the page rules both outputs share (with
``hyphenation`` for long words). ``document_templates`` is the sandboxed environment the
templates run in, the shipped ones as the package's build compiled them. May import
every layer below ``wizard``. Start with ``pipeline``.
"""
