"""The command line: parses ``init``, ``wizard``, ``render``, ``status``, ``serve``, ``check``, ``vragen``, ``schema``, ….

This module parses arguments and reports; the ``cmd_*`` modules do the work, one per
command or small group of commands. Each command name maps to its module and function
through one explicit table (``COMMANDS``), which also says how each typed parameter
comes from the parsed arguments. The chosen command's module is imported in one place
(``_load``), after parsing: ``--help`` loads no command at all, and ``status`` only what
``status`` uses. This is the one place that prints and the one error boundary
(``_run_guarded``): a ``HandreikingError`` becomes its Dutch message and exit code, an
unexpected error a message that says truthfully whether anything was saved; no user ever
sees a traceback.
"""
from __future__ import annotations

import argparse
import sys

from handreiking import __version__
from handreiking.cli.argparse_dutch import dutch_error, dutch_group_titles, phrases_as_they_are

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover - typing only; importing it would slow down --help
    from pathlib import Path
    from types import ModuleType
    from typing import Any, Callable, Sequence

    # The modules the command tables below name (by their dotted names), so that a reader and the
    # import test see who depends on whom; each is loaded only when its command runs (``_load``).
    from handreiking.cli import (  # noqa: F401
        cmd_check,
        cmd_git,
        cmd_history,
        cmd_init,
        cmd_reference,
        cmd_render,
        cmd_serve,
        cmd_status,
        cmd_wizard,
    )
    from handreiking.git import textconv  # noqa: F401

    Echo = Callable[..., None]  # how a command prints: echo(text, err=False)

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


_PLAIN = {"—": "-", "–": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "€": "EUR", "·": "-",
          "→": "->", "←": "<-", "×": "x", "\u00ad": "", "\u00a0": " "}


def _plainer(error: UnicodeError) -> tuple[str, int]:
    """For a terminal that cannot show a character: a dash for a dash, 'e' for 'ë', else '?'."""
    import unicodedata

    assert isinstance(error, UnicodeEncodeError)
    bad = error.object[error.start:error.end]
    out = "".join(_PLAIN.get(c) or unicodedata.normalize("NFKD", c).encode("ascii", "ignore").decode() or "?"
                  for c in bad)
    return out, error.end


def _make_output_safe() -> None:
    """On a terminal that is not UTF-8 (ASCII, Latin-1), write what it can show instead of
    failing halfway through a message with a traceback."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if encoding not in ("utf8", "utf8sig") and hasattr(stream, "reconfigure"):
            import codecs

            codecs.register_error("handreiking", _plainer)
            try:
                stream.reconfigure(errors="handreiking")
            except (ValueError, OSError):
                pass


def echo(text: str = "", *, err: bool = False) -> None:
    stream = sys.stderr if err else sys.stdout
    try:
        stream.write(text + "\n")
        stream.flush()
    except UnicodeEncodeError:
        try:
            stream.buffer.write((text + "\n").encode("utf-8", "replace"))  # type: ignore[attr-defined]
        except Exception:
            pass
    except OSError:  # a closed pipe, or a terminal window that was just closed (SIGHUP): no one to tell
        pass


# --- argparse in Dutch ------------------------------------------------------


def _terminal_width() -> int:
    """The terminal's width as ``shutil.get_terminal_size`` tells it ($COLUMNS, the terminal, else 80),
    without importing ``shutil`` (and the compression libraries it loads) for every --help; asked
    once per run (argparse makes a formatter for every argument it adds)."""
    if not _WIDTH:
        _WIDTH.append(_ask_terminal_width())
    return _WIDTH[0]


_WIDTH: list[int] = []


def _ask_terminal_width() -> int:
    import os

    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _DutchFormatter(argparse.RawDescriptionHelpFormatter):
    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position,
                         _terminal_width() - 2 if width is None else width)  # as argparse does

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, prefix="Gebruik: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _DutchFormatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)

    def in_dutch(self) -> None:
        """The group titles in Dutch and the Dutch -h (only for a parser that will parse: see
        ``build_parser``)."""
        dutch_group_titles(self)
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help="Toon deze hulptekst en stop.")

    def error(self, message: str) -> None:  # type: ignore[override]
        message = dutch_error(message)
        self.print_usage(sys.stderr)
        echo(f"Fout: {message}\nMeer uitleg: {self.prog} --help", err=True)
        raise SystemExit(EXIT_USAGE)


def _init_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("map", metavar="MAP", help="De map voor het nieuwe plan.")
    p.add_argument("--voorbeeld", action="store_true", help="Kopieer het ingevulde voorbeeldplan.")
    p.add_argument("--titel", help="Titel van het plan.")
    p.add_argument("--gemeente", help="Gemeente of regio.")
    p.add_argument("--regisseur", help="Naam van de regisseur (het antwoord op de eerste vraag van Vertrekpunt).")
    p.add_argument("--organisatie", help="Organisatie van de regisseur (een antwoord bij Vertrekpunt).")
    p.add_argument("--email", help="E-mailadres van de regisseur.")
    p.add_argument("--startdatum", help="Startdatum, bijvoorbeeld 1-3-2026; standaard vandaag.")
    p.add_argument("--git", action="store_true", help="Maak van de planmap een git-repository met een eerste commit.")


def _wizard_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("map", metavar="MAP", nargs="?", default=".", help="De planmap (standaard: deze map).")
    p.add_argument("--fase", help="Welke fase: naam of nummer (bijvoorbeeld visie of 2).")
    p.add_argument("--vraag", help="Begin bij deze vraag (id).")
    p.add_argument("--antwoorden", metavar="BESTAND",
                   help="Niet-interactief: controleer de antwoorden uit dit YAML-bestand en sla ze alleen op "
                        "als ze allemaal kloppen (de sleutels: handreiking vragen).")
    p.add_argument("--stil", action="store_true",
                   help="Met --antwoorden: noem niet elk opgeslagen antwoord, alleen de uitkomst.")


def _vragen_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--fase", help="Alleen deze fase: naam of nummer (bijvoorbeeld visie of 2).")
    p.add_argument("--markdown", action="store_true", help="Als Markdown (zoals docs/antwoorden-referentie.md).")


def _render_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("map", metavar="MAP", nargs="?", default=".", help="De planmap (standaard: deze map).")
    p.add_argument("--formaat", help="Formaten, met komma's: md,html,docx,pdf (standaard: 'formaten' in "
                                      "plan.yaml, anders md,html,docx; pdf vraagt: pip install \"handreiking[pdf]\").")
    p.add_argument("--check", action="store_true",
                   help="Schrijf niets; stop met code 1 als een document niet bij de antwoorden past.")
    p.add_argument("--paginanummers", action="store_true",
                   help="Zet in de Word-bestanden de paginanummers in de inhoudsopgave; daarvoor maakt "
                        "LibreOffice de pagina's op (zonder deze optie staan er geen paginanummers in).")
    p.add_argument("--watch", action="store_true",
                   help="Blijf kijken: maak de documenten opnieuw zodra een antwoordbestand of sjabloon "
                        "wordt opgeslagen (stop met Ctrl-C).")


def _verschil_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("map", metavar="MAP", nargs="?", default=".", help="De planmap (standaard: deze map).")
    p.add_argument("revisie", metavar="REV", nargs="?", default="HEAD",
                   help="Vergelijk met deze git-revisie (standaard HEAD, de laatste commit).")
    p.add_argument("revisie2", metavar="REV2", nargs="?", default=None,
                   help="Vergelijk met deze revisie in plaats van met de bestanden zoals ze nu zijn.")
    p.add_argument("--markdown", action="store_true",
                   help="Schrijf het als Markdown, om in een voortgangsverslag te plakken.")


def _setup_git_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("map", metavar="MAP", nargs="?", default=".", help="De planmap (standaard: deze map).")


def _kies_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("map", metavar="MAP", help="De planmap.")
    p.add_argument("vraag", metavar="VRAAG", nargs="?",
                   help="Welk conflict, zoals het getoond wordt: bijvoorbeeld titel, regisseur_uren of "
                        "stakeholders[Bibliotheek].rol (het nummer mag ook: stakeholders[3].rol).")
    p.add_argument("--ons", action="store_true",
                   help="Houd 'ons': bij een merge uw eigen branch, bij een rebase de versie waarop u verder "
                        "bouwt (zonder VRAAG staat erbij van wie elke versie is).")
    p.add_argument("--hun", action="store_true",
                   help="Houd 'hun': bij een merge de branch die u binnenhaalt, bij een rebase uw eigen commit.")
    p.add_argument("--beide", action="store_true", help="Houd beide (alleen bij een lijst of een item).")
    p.add_argument("--waarde", metavar="TEKST", help="Gebruik deze nieuwe waarde (niet bij een lijst).")


def _status_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("map", metavar="MAP", nargs="?", default=".", help="De planmap (standaard: deze map).")


def _serve_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("map", metavar="MAP", nargs="?", default=".", help="De planmap (standaard: deze map).")
    p.add_argument("--poort", type=int, default=8000, metavar="N",
                   help="Het poortnummer (standaard 8000; 0 kiest een vrije poort).")
    p.add_argument("--geen-browser", action="store_true", help="Open de browser niet vanzelf.")


def _check_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("map", metavar="MAP", nargs="?", default=".", help="De planmap (standaard: deze map).")
    p.add_argument("--strict", action="store_true", help="Stop ook met code 1 bij een open 'let op'-advies of een open punt "
                        "(een verplichte vraag zonder antwoord, een te korte lijst).")
    p.add_argument("--json", action="store_true", help="Uitvoer als JSON, voor editors en andere programma's.")


def _accept_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("map", metavar="MAP", nargs="?", default=".", help="De planmap (standaard: deze map).")
    p.add_argument("regel", metavar="REGEL", help="De id van het advies (staat achter 'regel' in check).")
    p.add_argument("--reden", help="Waarom het plan zo blijft.")
    p.add_argument("--intrekken", action="store_true", help="Haal de afweging weer weg.")


def _schema_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("map", metavar="MAP", nargs="?", default=".", help="De planmap (standaard: deze map).")
    p.add_argument("--uitvoer", metavar="MAP", help="Schrijf de schema's naar deze map in plaats van MAP/schema.")


def _huisstijl_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("map", metavar="MAP", nargs="?", default=".", help="De planmap (standaard: deze map).")
    p.add_argument("--overschrijf", action="store_true", help="Vervang bestaande huisstijlbestanden.")


ALL = "*"  # build_parser: the arguments of every command

# Each command as --help lists it: its name, its texts, and the function that adds its arguments.
COMMAND_PARSERS: list[tuple[str, dict[str, str], Callable[[argparse.ArgumentParser], None]]] = [
    ("init", dict(help="Maak een nieuwe planmap.", description="Maak een nieuwe planmap."),
     _init_arguments),
    ("wizard", dict(help="Beantwoord de vragen van een fase.",
                    description="Stelt de vragen van een fase, bewaart elk antwoord meteen en maakt "
                                "aan het eind de documenten."),
     _wizard_arguments),
    ("vragen", dict(help="Toon alle vragen met hun sleutel, type en mogelijke antwoorden.",
                    description="Toon per fase elke vraag met de sleutel (id) uit de antwoordbestanden, het "
                                "type, de mogelijke keuzes en wanneer de vraag geldt. Handig bij "
                                "wizard --antwoorden en bij het bewerken van de bestanden."),
     _vragen_arguments),
    ("render", dict(help="Maak de documenten.", description="Maak de documenten in documenten/."),
     _render_arguments),
    ("verschil", dict(help="Wat is er veranderd in de antwoorden (voor het verslag)?",
                      description="Toon per fase en per vraag wat er in de antwoorden veranderde (oud → nieuw) sinds "
                                  "een git-revisie (standaard: de laatste commit), of tussen twee revisies."),
     _verschil_arguments),
    ("setup-git", dict(help="Stel een plan in git in voor samenwerken (ook na een clone).",
                       description="Stel git in voor dit plan: antwoorden worden per vraag samengevoegd, documenten "
                                   "blokkeren nooit een merge en git diff toont de tekst van Word- en HTML-documenten. "
                                   "Nodig na elke git clone (git neemt deze instellingen niet mee)."),
     _setup_git_arguments),
    ("kies", dict(help="Kies tussen twee versies na een git-merge (zonder wizard).",
                  description="Na een git-merge waarin twee mensen hetzelfde antwoord anders veranderden: "
                              "toon de conflicten (zonder VRAAG), of kies per conflict welke versie blijft. "
                              "Stopt met code 0 als het gelukt is (of er niets te kiezen is), 1 bij een "
                              "probleem of als er bij het tonen nog conflicten zijn, 2 bij verkeerd gebruik."),
     _kies_arguments),
    ("status", dict(help="Toon de voortgang per fase en document.",
                    description="Toon per fase hoeveel vragen beantwoord zijn en of elk document bijgewerkt is."),
     _status_arguments),
    ("serve", dict(help="Toon de documenten live in de browser, voor de zaal.",
                   description="Start een webserver op deze computer (127.0.0.1) die de documenten van het "
                               "plan toont en de pagina in de browser vernieuwt zodra een antwoord wordt "
                               "opgeslagen, ook door de wizard. Alleen lezen. Stop met Ctrl-C."),
     _serve_arguments),
    ("check", dict(help="Controleer de antwoorden en toon het advies.",
                   description="Controleer alle antwoordbestanden tegen de vragenlijsten en toon daarna het "
                               "advies: waar antwoorden uit verschillende fasen niet bij elkaar passen."),
     _check_arguments),
    ("accept", dict(help="Weeg een advies af: leg vast waarom het zo blijft.",
                    description="Leg in plan.yaml vast dat de groep een advies heeft afgewogen, met de reden. "
                                "Het advies staat daarna als 'afgewogen' in plaats van als open."),
     _accept_arguments),
    ("schema", dict(help="Schrijf de JSON Schema's voor editors.",
                    description="Schrijf een JSON Schema per fase naar MAP/schema/, zodat een editor "
                                "zoals VS Code de antwoordbestanden aanvult en controleert."),
     _schema_arguments),
    ("huisstijl", dict(help="Zet de huisstijl klaar om aan te passen (Word en HTML).",
                       description="Schrijf sjablonen/huisstijl.docx en sjablonen/huisstijl.css: de standaard "
                                   "opmaak, om aan te passen met het logo, de lettertypen en de kleuren van de "
                                   "gemeente. handreiking render gebruikt ze daarna voor elk document."),
     _huisstijl_arguments),
]


def build_parser(command: str | None = ALL) -> argparse.ArgumentParser:
    """The parser of the command line. Every command is listed in --help, but only the arguments of
    ``command`` are added (None: of no command, as for --help and --version; ``ALL``: of all), and
    when ``command`` names one, only that one is there: a run parses one command, and adding all
    thirteen with their arguments is most of building the parser."""
    phrases_as_they_are()
    parser = _Parser(
        prog="handreiking",
        description=(
            "Begeleidt de regisseur door de zes fasen van 'Op weg naar inclusieve kinderopvang'\n"
            "en maakt de plandocumenten (Markdown, HTML en Word)."
        ),
        epilog="Begin met: handreiking init MAP  —  en dan: handreiking wizard MAP",
    )
    parser.in_dutch()
    parser.add_argument("--version", action="version", version=f"handreiking {__version__}",
                        help="Toon het versienummer en stop.")
    sub = parser.add_subparsers(dest="command", metavar="OPDRACHT", title="Opdrachten", parser_class=_Parser)
    named = command in {name for name, _texts, _add in COMMAND_PARSERS}
    for name, texts, add_arguments in COMMAND_PARSERS:
        if named and name != command:
            continue  # a run of one command parses only that one (a wrong name lists them all)
        p = sub.add_parser(name, **texts)
        if command in (ALL, name):
            p.in_dutch()
            add_arguments(p)
    return parser


# --- entry point ------------------------------------------------------------


def _path(text: str) -> Path:
    from pathlib import Path  # not at the top: --help does not need it

    return Path(text)


def _show(text: str, echo: Echo) -> int:
    echo(text.rstrip("\n"))
    return EXIT_OK


# The commands git runs (set up by ``setup-git``), not people: not in --help, no argparse.
# Each: how many file names git passes, the module that does the work, and the call.
INTERNAL_COMMANDS: dict[str, tuple[int, str, Callable[[ModuleType, list[str], Echo], int]]] = {
    "merge-driver": (4, "handreiking.cli.cmd_git", lambda m, files, echo: m.merge_driver(files, echo=echo)),
    "diff-text": (1, "handreiking.git.textconv", lambda m, files, echo: _show(m.document_text(_path(files[0])), echo)),
    "conflict-hook": (0, "handreiking.cli.cmd_git", lambda m, _files, echo: m.conflict_hook(echo=echo)),
}


def run_internal(argv: list[str]) -> int:
    """A command git runs: a merge driver, a text conversion, the hook that refuses conflict marks."""
    count, module, call = INTERNAL_COMMANDS[argv[0]]
    if len(argv) != count + 1:
        echo(f"Fout: {argv[0]} verwacht {count} bestandsnaam/-namen (git geeft ze mee).", err=True)
        return EXIT_USAGE
    return _run_guarded(lambda: call(_load(module), argv[1:], echo))  # never a traceback, also not inside git


# Every command: the module that does its work, and how that module's typed function gets its
# parameters from the parsed arguments (``a``); ``m`` is the module, loaded by ``_load`` only
# when the command runs, so --help, --version and a usage error load none of them.
COMMANDS: dict[str, tuple[str, Callable[[ModuleType, argparse.Namespace, Echo], int]]] = {
    "init": ("handreiking.cli.cmd_init", lambda m, a, echo: m.init(
        _path(a.map), example=a.voorbeeld, git=a.git, echo=echo,
        details=m.PlanDetails(title=a.titel, municipality=a.gemeente, director=a.regisseur,
                              organisation=a.organisatie, email=a.email, start_date=a.startdatum))),
    "wizard": ("handreiking.cli.cmd_wizard", lambda m, a, echo: m.wizard(
        _path(a.map), phase=a.fase, question=a.vraag, quiet=a.stil, echo=echo,
        answers_file=_path(a.antwoorden) if a.antwoorden else None)),
    "vragen": ("handreiking.cli.cmd_reference",
               lambda m, a, echo: m.questions(phase=a.fase, markdown=a.markdown, echo=echo)),
    "render": ("handreiking.cli.cmd_render", lambda m, a, echo: m.render(
        _path(a.map), formats=m.parse_formats(a.formaat) if a.formaat else (), check=a.check, watch=a.watch,
        page_numbers=a.paginanummers, echo=echo)),
    "verschil": ("handreiking.cli.cmd_history", lambda m, a, echo: m.changes(
        _path(a.map), revision=a.revisie, revision2=a.revisie2, markdown=a.markdown, echo=echo)),
    "setup-git": ("handreiking.cli.cmd_git", lambda m, a, echo: m.setup_git(_path(a.map), echo=echo)),
    "kies": ("handreiking.cli.cmd_history", lambda m, a, echo: m.choose(
        _path(a.map), question=a.vraag, ours=a.ons, theirs=a.hun, both=a.beide, new_value=a.waarde, echo=echo)),
    "status": ("handreiking.cli.cmd_status", lambda m, a, echo: m.status(_path(a.map), echo=echo)),
    "serve": ("handreiking.cli.cmd_serve", lambda m, a, echo: m.serve(
        _path(a.map), port=a.poort, open_browser=not a.geen_browser, echo=echo)),
    "check": ("handreiking.cli.cmd_check",
              lambda m, a, echo: m.check(_path(a.map), strict=a.strict, as_json=a.json, echo=echo)),
    "accept": ("handreiking.cli.cmd_check", lambda m, a, echo: m.accept(
        _path(a.map), rule=a.regel, reason=a.reden, withdraw=a.intrekken, echo=echo)),
    "schema": ("handreiking.cli.cmd_reference", lambda m, a, echo: m.schema(
        _path(a.map), output=_path(a.uitvoer) if a.uitvoer else None, echo=echo)),
    "huisstijl": ("handreiking.cli.cmd_render",
                  lambda m, a, echo: m.house_style(_path(a.map), overwrite=a.overschrijf, echo=echo)),
}


def _load(module: str) -> ModuleType:
    """The module that does a command's work (a name from the tables above): the one place the
    command line imports a command, after parsing, so that each run loads only its own command."""
    import importlib

    return importlib.import_module(module)


def _run_guarded(command: Callable[[], int]) -> int:
    """The one error boundary: every way a command can end becomes a Dutch message and an exit
    code (1 problems, 2 usage, 130 interrupted), never a traceback. For an unexpected error
    it says what is true: nothing was saved, or which files were (the gate to the plan's
    files keeps a record of the saves made in this process)."""
    from handreiking.core.errors import HandreikingError  # late: --help stays fast
    from handreiking.core.gate import save_mark, saves_since  # late: --help stays fast

    mark = save_mark()
    try:
        return command()
    except HandreikingError as exc:
        echo(f"{exc.prefix}{exc.format_message()}", err=True)
        return exc.exit_code
    except KeyboardInterrupt:
        echo("\nAfgebroken.", err=True)
        return EXIT_INTERRUPTED
    except Exception as exc:  # the promise: never a traceback
        echo(f"Fout: er ging iets onverwachts mis. {_what_was_saved(saves_since(mark))}\n"
             f"  ({type(exc).__name__}: {exc})\n"
             "  Meld dit probleem graag, met de opdracht die u gaf.", err=True)
        return EXIT_ERROR


def _what_was_saved(saved: list[Path]) -> str:
    """One true sentence about the saves of this command before it went wrong."""
    if not saved:
        return "Er is niets opgeslagen: uw antwoordbestanden zijn niet aangepast."
    import os

    from handreiking.core.errors import display_path  # late: --help stays fast

    folder = _path(os.path.commonpath([str(p.parent) for p in saved]))
    shown = [str(p.relative_to(folder)) for p in saved[:5]]
    more = f" en {len(saved) - 5} andere" if len(saved) > 5 else ""
    return (f"Wat daarvoor al was opgeslagen in {display_path(folder)}, is bewaard (elk bestand heel): "
            f"{', '.join(shown)}{more}. Kijk of dat is wat u wilde.")


def main(argv: Sequence[str] | None = None) -> int:
    _make_output_safe()
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in INTERNAL_COMMANDS:
        return run_internal(argv)
    parser = build_parser(next((word for word in argv if not word.startswith("-")), None))
    args = parser.parse_args(argv)
    if args.command is None:  # the overview of the commands, and the code of a call without one (as click 8.2)
        parser.print_help()
        return EXIT_USAGE
    module, call = COMMANDS[args.command]
    return _run_guarded(lambda: call(_load(module), args, echo))


def run() -> int:
    """The console script: ``main`` and then an exit that a late Ctrl-C cannot spoil.

    Once the command has finished and said how it ended, a Ctrl-C would only turn
    the finished run into a traceback and a death by signal while Python shuts
    down; the exit code already decided stands. (Not in ``main``, which tests call
    in-process.)"""
    import signal

    code = main()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run())
