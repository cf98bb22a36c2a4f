"""Exception hierarchy: every error a user can cause carries its own location.

Library code raises these; only the CLI turns them into a printed Dutch message
and an exit code (see ``cli.main``). Like click's ``BadParameter`` and jinja's
``TemplateSyntaxError``, context is kept as attributes and formatted late, so a
caller can still inspect the path, line and question id.
"""
from __future__ import annotations

from pathlib import Path


class HandreikingError(Exception):
    """Base class: ``str(error)`` is the complete Dutch message for the user."""

    exit_code = 1
    prefix = "Fout: "

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        column: int | None = None,
        question_id: str | None = None,
        hint: str | None = None,
        subject: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        self.column = column
        self.question_id = question_id
        self.hint = hint
        self.subject = subject  # how people know the answer: "stakeholder 'De Bolster', veld 'Sector' (sector)"

    def location(self) -> str:
        """'antwoorden/2-visie.yaml, regel 14, kolom 3, vraag 'perspectief''."""
        parts: list[str] = []
        if self.path is not None:
            parts.append(display_path(self.path))
        if self.line is not None:
            parts.append(f"regel {self.line}")
            if self.column is not None:
                parts.append(f"kolom {self.column}")
        if self.subject:
            parts.append(self.subject)
        elif self.question_id:
            parts.append(f"vraag '{self.question_id}'")
        return ", ".join(parts)

    def format_message(self) -> str:
        where = self.location()
        text = f"{where}: {self.message}" if where else self.message
        if self.hint:
            text += f"\n  Tip: {self.hint}"
        return text

    def __str__(self) -> str:
        return self.format_message()


class QuestionnaireError(HandreikingError):
    """A questionnaire or document definition file is broken (content editor's error)."""


class AnswerFileError(HandreikingError):
    """An answer file or plan.yaml cannot be read or has the wrong shape."""


class PlanError(HandreikingError):
    """The plan folder is missing, incomplete or not usable."""


class LockError(HandreikingError):
    """Another wizard holds the plan."""


class TemplateError(HandreikingError):
    """A document template is broken or tried something the sandbox forbids."""


class WriteError(HandreikingError):
    """A file could not be written (full disk, read-only folder, …)."""


class GitError(HandreikingError):
    """git is missing or refused."""


class InstallationError(HandreikingError):
    """Shipped data (questionnaires, templates) is missing: a broken installation."""


class ValidationFailed(HandreikingError):
    """Answers do not pass validation; carries every problem, not just the first."""

    def __init__(self, problems: list["HandreikingError"], message: str | None = None) -> None:
        count = len(problems)
        summary = message or (
            "1 probleem gevonden." if count == 1 else f"{count} problemen gevonden."
        )
        super().__init__(summary)
        self.problems = problems

    def format_message(self) -> str:
        lines = [f"- {p.format_message()}" for p in self.problems]
        return "\n".join([self.message, *lines])


class UsageError(HandreikingError):
    """The command was given a value it cannot use (found after parsing); exit code 2
    like argparse's own usage errors."""

    exit_code = 2


class NotInteractiveError(HandreikingError):
    """The wizard was started without a terminal."""

    exit_code = 2


class WizardInterrupted(HandreikingError):
    """Ctrl-C or end of input in the wizard; every answer given so far is saved."""

    exit_code = 130
    prefix = ""


def display_path(path: Path) -> str:
    """Show a path relative to the working directory when that is shorter. A link is shown
    by its own name, not by where it points (a message about a link names the link)."""
    try:
        rel = (path.parent.resolve() / path.name).relative_to(Path.cwd().resolve())
        return str(rel)
    except (ValueError, OSError):
        return str(path)


class PdfUnavailableError(HandreikingError):
    """PDF was asked for, but WeasyPrint (or the Pango library it needs) is not installed."""
