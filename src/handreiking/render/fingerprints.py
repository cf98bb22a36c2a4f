"""What each document is made from, as one digest per document: its render fingerprint.

The answers of its phases, plan.yaml, the templates (the plan's own too), the
questionnaires, advice rules and the engine itself, and for a document with the change
log git's log of the answers. The render state (``freshness``) records the fingerprint
each document was made from; equal fingerprints and untouched files mean a document
need not be made again.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from handreiking.core.gate import plan_folder_digests
from handreiking.core.resources import data_dir
from handreiking.core.yamldata import plain
from handreiking.render.freshness import digest, with_history

if TYPE_CHECKING:
    from handreiking.plan.answers import AnswerSet
    from handreiking.plan.documents import DocumentSpec
    from handreiking.plan.folder import Plan


def input_fingerprints(plan: Plan, answer_set: AnswerSet, specs: tuple[DocumentSpec, ...]) -> dict[str, str]:
    """Per document, a hash of everything its output depends on: the answers of its
    phases, plan.yaml, the templates, questionnaires, advice rules, the engine itself and
    (for a document with the change log) git's log of the answers. Equal fingerprints and
    untouched files mean the document need not be made again."""
    return with_history(plan.root, fingerprint_parts(plan, answer_set, specs),
                        {spec.id for spec in specs if spec.history})


def fingerprint_parts(plan: Plan, answer_set: AnswerSet, specs: tuple[DocumentSpec, ...]) -> dict[str, list[str]]:
    """Per document, the digests its fingerprint is made of, all but git's log: plain text,
    so that ``status`` can keep them with its facts and add the log's digest when it asks."""
    folders = [(Path(__file__).parent.parent, "**/*.py"), (data_dir("templates"), "*"), (data_dir("questionnaires"), "*.yaml")]
    shared = [digest(folder.name, path.name, path.read_bytes())
              for folder, pattern in folders for path in sorted(folder.glob(pattern)) if path.is_file()]
    if plan.templates_dir.is_dir():  # the plan's own templates, through the gate (a link out counts as its name)
        shared += [digest(plan.templates_dir.name, name, found)
                   for name, found in plan_folder_digests(plan.root, plan.templates_dir)]
    import dataclasses  # only when fingerprints are made; status with kept facts does not load it

    shared.append(json.dumps(dataclasses.asdict(plan.meta), default=str, sort_keys=True))
    common = digest(*shared)
    # plain(): keys as text, so a hand-written number key beside text keys can still be sorted
    phases = {phase.questionnaire.phase: digest(json.dumps(plain(phase.data), default=str, sort_keys=True))
              for phase in answer_set}
    return {spec.id: [common, *(phases.get(p, "") for p in spec.phases)] for spec in specs}
