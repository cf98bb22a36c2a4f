"""How long the merge driver takes for two people who each added many stakeholders.

    python benchmarks/merge_lists.py [N]

Both sides add N items (different names) to a list of 10, and each edits one field of
an item that was there; prints the time of one three-way merge and checks the result.
"""
from __future__ import annotations

import sys
import time


def texts(count: int) -> tuple[str, str, str]:
    def item(name: str, role: str = "partner") -> str:
        return f"  - naam: {name}\n    rol: {role}\n    invloed: midden\n"

    base_items = [item(f"Basis {i}") for i in range(10)]
    base = "stakeholders:\n" + "".join(base_items)
    ours = "stakeholders:\n" + "".join(base_items).replace("naam: Basis 1\n    rol: partner",
                                                              "naam: Basis 1\n    rol: trekker") \
        + "".join(item(f"Ons {i}") for i in range(count))
    theirs = "stakeholders:\n" + "".join(base_items).replace("naam: Basis 2\n    rol: partner",
                                                                "naam: Basis 2\n    rol: adviseur") \
        + "".join(item(f"Hun {i}") for i in range(count))
    return base, ours, theirs


def main() -> None:
    from handreiking.git.merge import merge_texts
    from handreiking.questionnaire.catalog import load_catalog

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    questionnaire = load_catalog().get("vertrekpunt")
    base, ours, theirs = texts(count)
    start = time.perf_counter()
    merged, conflicts = merge_texts(base, ours, theirs, questionnaire)
    took = time.perf_counter() - start
    assert conflicts == 0 and merged.count("  - naam: ") == 10 + 2 * count
    assert "rol: trekker" in merged and "rol: adviseur" in merged
    # the same merge in its steps: reading the three versions, merging, writing
    from handreiking.git.merge import Merger, _parse
    from handreiking.core.yamlio import dump_yaml

    start = time.perf_counter()
    versions = [_parse(text, "versie")[0] for text in (base, ours, theirs)]
    parsed = time.perf_counter()
    Merger().mapping(versions[0], versions[1], versions[2], questionnaire.question,
                     tuple(q.id for q in questionnaire.questions))
    joined = time.perf_counter()
    dump_yaml(versions[1])
    written = time.perf_counter()
    print(f"{count} + {count} items: {took:.2f} s, 0 conflicten (lezen {parsed - start:.2f} s, "
          f"samenvoegen {joined - parsed:.2f} s, schrijven {written - joined:.2f} s)")


if __name__ == "__main__":
    main()
