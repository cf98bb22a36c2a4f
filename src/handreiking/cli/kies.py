"""``handreiking kies``: choose between two versions of a merge conflict without the wizard.

For scripts and for people without a terminal UI. Without VRAAG it lists the
conflicts (where, both versions in words, the name to pass); with VRAAG and one
of ``--ons``, ``--hun``, ``--beide`` or ``--waarde`` it writes that choice.
Exit codes: 0 done (or nothing to choose), 1 a problem (no such conflict, a
value that does not fit the question, conflicts left when listing), 2 wrong use.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from handreiking.core.errors import HandreikingError, UsageError

Echo = Callable[..., None]


def choose(root: Path, *, question: str | None, ours: bool, theirs: bool, both: bool, new_value: str | None,
           echo: Echo) -> int:
    """List the conflicts (``question`` None), or write the choice for one of them."""
    from handreiking.core.conflicts import OURS, THEIRS  # late: the parser is built from this module on every start
    from handreiking.core.yamlio import read_text  # late: the parser is built from this module on every start
    from handreiking.git.choose import (  # late: the parser is built from this module on every start
        BOTH,
        NEW,
        apply_choice,
        can_type_text,
        finish_hint,
        matching,
        plan_files,
        read_conflicts,
        value_for,
    )
    from handreiking.plan.folder import (  # late: the parser is built from this module on every start
        PLAN_FILE,
        hold_plan,
    )
    from handreiking.questionnaire.catalog import (
        load_catalog,  # late: the parser is built from this module on every start
    )

    map_arg = str(root)
    if not (root / PLAN_FILE).is_file():
        raise HandreikingError(f"'{root}' is geen planmap: plan.yaml ontbreekt",
                               hint="geef de map van het plan, bijvoorbeeld: handreiking kies mijn-plan")
    how = _how(ours=ours, theirs=theirs, both=both, new_value=new_value)
    if question is None and how is not None:
        raise UsageError("zeg welk conflict u bedoelt", hint=f"de conflicten ziet u met: handreiking kies {map_arg}")
    if question is not None and how is None:
        raise UsageError("kies --ons, --hun, --beide of --waarde TEKST",
                         hint=f"beide versies ziet u met: handreiking kies {map_arg}")
    catalog = load_catalog()
    with hold_plan(root):
        for path, _questionnaire, _title in plan_files(root, catalog):
            read_text(path, inside=root)  # git's own conflict lines (a clone never set up): said, with the way back
        files = read_conflicts(root, catalog)
        if question is None:
            return _list(files, root, map_arg, echo)
        found = matching(files, question)
        if not found:
            known = ", ".join(c.ref for f in files for c in f.conflicts) or "geen: er zijn geen conflicten"
            raise HandreikingError(f"geen conflict '{question}' in dit plan", hint=f"conflicten: {known}")
        if len(found) > 1:
            names = ", ".join(f"{c.file.name}:{c.ref}" for c in found)
            raise UsageError(f"'{question}' past bij meer dan één conflict", hint=f"zet de bestandsnaam ervoor: {names}")
        conflict = found[0]
        value = None
        both_items = conflict.is_item and isinstance(conflict.ours, dict) and isinstance(conflict.theirs, dict)
        if how == BOTH and not (conflict.is_list or both_items):
            raise UsageError("--beide kan alleen bij een lijst", hint="kies --ons, --hun of --waarde TEKST")
        if how == NEW:
            typed_text = can_type_text(conflict)
            if not typed_text and (conflict.question is None or conflict.question.is_group or conflict.is_item):
                raise UsageError("bij een heel item of een lijst kan geen nieuwe waarde", hint="kies --ons, --hun of --beide")
            value, problem = value_for(conflict, new_value)
            if problem:
                raise HandreikingError(f"'{new_value}' past niet bij deze vraag: {problem}",
                                       hint="er is niets veranderd")
        apply_choice(conflict, how, value)
        next(f for f in files if conflict in f.conflicts).save()
        left = sum(len(f.conflicts) for f in read_conflicts(root, catalog))
    word = {OURS: "de ene versie (ons)", THEIRS: "de andere versie (hun)", BOTH: "beide versies",
            NEW: "de nieuwe waarde"}[how]
    echo(f"Gekozen voor {conflict.label}: {word}.")
    if left:
        echo(f"Nog {left} conflict(en); die ziet u met: handreiking kies {map_arg}")
    else:
        echo(f"Alle conflicten zijn opgelost. Leg het vast met: {finish_hint(root)}")
    return 0


def _how(*, ours: bool, theirs: bool, both: bool, new_value: str | None) -> str | None:
    from handreiking.core.conflicts import OURS, THEIRS  # late: the parser is built from this module on every start
    from handreiking.git.choose import BOTH, NEW  # late: the parser is built from this module on every start

    chosen = [how for how, on in ((OURS, ours), (THEIRS, theirs), (BOTH, both), (NEW, new_value is not None))
              if on]
    if len(chosen) > 1:
        raise UsageError("kies één van --ons, --hun, --beide en --waarde")
    return chosen[0] if chosen else None


def _list(files: list[Any], root: Path, map_arg: str, echo: Echo) -> int:
    from handreiking.git.choose import describe_for_list  # late: the parser is built from this module on every start
    from handreiking.git.sides import sides  # late: the parser is built from this module on every start

    total = sum(len(f.conflicts) for f in files)
    if not total:
        echo("Er zijn geen conflicten in dit plan.")
        return 0
    echo(f"{total} conflict(en) na een git-merge:")
    for conflict_file in files:
        named = sides(root, conflict_file.path)
        for conflict in conflict_file.conflicts:
            echo(describe_for_list(conflict, root))
        echo(f"  (ons = {named.ours}; hun = {named.theirs})")
    echo(f"\nKies per conflict, bijvoorbeeld: handreiking kies {map_arg} {files[0].conflicts[0].ref} --ons\n"
         "(of --hun, --beide voor een lijst, --waarde TEKST voor een nieuwe), of alles achter elkaar met: "
         f"handreiking wizard {map_arg}")
    return 1


def add_parser(sub: Any) -> None:
    p = sub.add_parser("kies", help="Kies tussen twee versies na een git-merge (zonder wizard).",
                       description="Na een git-merge waarin twee mensen hetzelfde antwoord anders veranderden: "
                                   "toon de conflicten (zonder VRAAG), of kies per conflict welke versie blijft. "
                                   "Stopt met code 0 als het gelukt is (of er niets te kiezen is), 1 bij een "
                                   "probleem of als er bij het tonen nog conflicten zijn, 2 bij verkeerd gebruik.")
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
