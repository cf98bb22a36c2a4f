"""The command line: parsing arguments, the commands, the live view, and the one error boundary.

``main`` parses and turns every ``HandreikingError`` into a Dutch message and an exit code;
``commands`` does the work of each command; ``serve`` is the live view for the room. May import
every layer. Start with ``main``.
"""
