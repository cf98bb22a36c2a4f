"""handreiking — guides a regisseur through the six phases of the guide
*Op weg naar inclusieve kinderopvang* and renders the planning documents.

The engine knows no domain words: questions, help texts, choices and
conditions live in ``questionnaires/*.yaml``, documents in ``templates/``.
"""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
