"""The ground floor: what every other layer stands on and that knows nothing of the guide.

Owns the error classes (every message a user can get, with its place), Dutch values (dates,
amounts, lists), atomic file writes and the gate every plan file passes, the one YAML layer,
the shipped data folders and the user cache. Imports nothing of handreiking outside ``core``.
Start with ``errors`` and ``values``.
"""
