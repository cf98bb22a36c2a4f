"""The command line: parsing arguments, the commands, the live view, and the one error boundary.

``main`` parses and turns every ``HandreikingError`` into a Dutch message and an exit code;
one ``cmd_*`` module per command or small group does the work (``cmd_status`` for ``status``,
``cmd_history`` for ``verschil`` and ``kies``, …), sharing ``shared`` (reading a plan,
printing a report); ``status_facts`` works out what ``status`` says and ``status_memo`` keeps it
for the same files; ``serve`` is the live view for the room. May import every layer. Start
with ``main``.
"""
