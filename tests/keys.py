"""Key codes as a terminal sends them, for feeding prompts through a pipe."""

ENTER = "\r"
DOWN = "\x1b[B"
UP = "\x1b[A"
SPACE = " "
BACKSPACE = "\x7f"
ESC_ENTER = "\x1b\r"  # submits multiline text (lange_tekst)
CTRL_C = "\x03"
CTRL_D = "\x04"
