"""A council reads one plan in several documents: every fact printed in more than one place
must say the same everywhere (issue 22, point 2).

For every example plan this reads the rendered documents as a reader gets them (the Markdown
files, and the overview ``index.html`` as text) and pulls out, with one small regex per fact
and place, the facts a council member compares:

- the yearly and one-off totals of the budget, the estimated extra costs per year and the gap
  per year (Plan van aanpak's budget and financing, the overview, the Visiedocument's and the
  Evaluatieplan's text, and free texts from the answers that state a gap);
- a budget line's amount and first year wherever a document names the line;
- each milestone's date and status, and how many are done;
- each goal's text, owner, baseline and target, and the verdict of each measurement;
- each document's adoption: by whom and when, or still a concept (its cover, the overview's
  list, the milestone table, the Stakeholderanalyse, the Visiedocument's own chapter).

A fact found in two places with two values is reported with both places. An amount in the
Visiedocument's financing section or the Evaluatieplan that the budget does not have is reported
too. Disagreements are
fixed at their cause (templates or answers), never here.
"""
from __future__ import annotations

import re
import shutil
from collections import defaultdict
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p.name for p in (ROOT / "examples").iterdir() if (p / "documenten").is_dir())

EURO = r"€\s?(\d{1,3}(?:\.\d{3})*)"  # € 24.500 (the space is a no-break space)
DATE = r"(\d{1,2} (?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december) \d{4})"
YEAR = r"(\d{4})"
DAY = r"\d{1,2}-\d{1,2}-\d{4}"  # 1-9-2027


@dataclass(frozen=True)
class Seen:
    fact: str  # what is stated, e.g. "begroting: jaarlijks totaal"
    value: str  # the value as a reader compares it
    place: str  # file and part of the document


def euros(text: str) -> str:
    return "€ " + text


def _rows(text: str, header: str) -> list[list[str]]:
    """The rows of the Markdown table whose header row starts with ``header``."""
    rows: list[list[str]] = []
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if not line.startswith("| " + header):
            continue
        for row in lines[i + 2:]:
            if not row.startswith("|"):
                break
            rows.append([cell.strip() for cell in row.strip().strip("|").split(" | ")])
    return rows


class _Html(HTMLParser):
    """The overview as a reader sees it: its text (one line per block) and its tables."""

    BLOCKS = {"p", "li", "h1", "h2", "h3", "div", "br", "summary", "tr", "table", "section", "header"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tables: list[list[list[str]]] = []
        self._skip = 0
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script", "svg"):
            self._skip += 1
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "svg"):
            self._skip -= 1
        elif tag in ("td", "th") and self._cell is not None and self.tables and self.tables[-1]:
            self.tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        data = data.replace("\u00ad", "")  # soft hyphens are for the line breaks only
        self.parts.append(data)
        if self._cell is not None:
            self._cell.append(data)

    def text(self) -> str:
        return "\n".join(" ".join(line.split()) for line in "".join(self.parts).splitlines() if line.strip())


# --- money ----------------------------------------------------------------------------------


def _under(text: str, at: int, place: str) -> str:
    """``place`` with the heading of the part of a Markdown document that ``at`` is in."""
    headings = re.findall(r"^#{2,3} (.+)$", text[:at], re.M)
    figure = text[text.rfind("\n", 0, at) + 1:].startswith("*Figuur")
    return (f"{place}, {headings[-1]}" if headings else place) + (" (figuur)" if figure else "")


def _gaps(text: str, place: str) -> list[Seen]:
    """'in 2028 ontbreekt € 60.000', 'voor 2028 ontbreekt € 60.000', 'ontbreekt in 2028 € 60.000',
    'in 2027 ontbreekt € 5.000 en in 2028 € 5.000', 'In 2028 staat tegenover € 357.000 extra kosten
    € 297.000 aan dekking; er ontbreekt € 60.000', and 'dekkend voor 2026 en 2027'."""
    seen = []
    for pattern in (rf"\b[IiVv](?:n|oor) {YEAR} ontbreekt {EURO}((?:(?:,| en) in \d{{4}} €\s?[\d.]+)*)",
                    rf"\bontbreekt in {YEAR} {EURO}()",
                    rf"\bIn {YEAR} staat tegenover €\s?[\d.]+ extra kosten €\s?[\d.]+ aan dekking; "
                    rf"er ontbreekt {EURO}()"):
        for m in re.finditer(pattern, text):
            where = _under(text, m.start(), place)
            seen.append(Seen(f"tekort in {m.group(1)}", euros(m.group(2)), where))
            for more in re.finditer(rf"in {YEAR} {EURO}", m.group(3)):
                seen.append(Seen(f"tekort in {more.group(1)}", euros(more.group(2)), where))
    for m in re.finditer(rf"\bdekkend voor {YEAR}(?: en {YEAR})?\b", text):
        for year in m.groups():
            if year:
                seen.append(Seen(f"tekort in {year}", "geen", _under(text, m.start(), place)))
    return seen


def _money_markdown(name: str, text: str) -> list[Seen]:
    seen: list[Seen] = []
    budget = f"{name}, Middelen en begroting"
    financing = f"{name}, Financiering"
    # a total of no one-off money reads "–", as the empty cells above it: € 0, as the overview says
    for m in re.finditer(rf"^\| \*\*Totaal\*\* \|(?:  \|){{3}} \*\*{EURO}\*\* \| (?:\*\*{EURO}\*\*|–) \|$", text, re.M):
        seen += [Seen("begroting: jaarlijks totaal", euros(m.group(1)), budget),
                 Seen("begroting: eenmalig totaal", euros(m.group(2) or "0"), budget)]
    for m in re.finditer(rf"^\| \*\*Totaal\*\* \| \*\*{EURO}\*\* \| (?:\*\*{EURO}\*\*|–) \|$", text, re.M):
        seen += [Seen("begroting: jaarlijks totaal", euros(m.group(1)), financing + " (bedragen per bron)"),
                 Seen("begroting: eenmalig totaal", euros(m.group(2) or "0"),
                      financing + " (bedragen per bron)")]
    for m in re.finditer(rf"{EURO} per jaar(?: en {EURO} eenmalig)? begroot", text):
        seen.append(Seen("begroting: jaarlijks totaal", euros(m.group(1)), name))
        if m.group(2):
            seen.append(Seen("begroting: eenmalig totaal", euros(m.group(2)), name))
    for row in _rows(text, "Jaar | Jaarlijks geld"):
        if len(row) == 2 and re.fullmatch(YEAR, row[0]) and re.fullmatch(EURO, row[1]):
            seen.append(Seen(f"jaarlijks geld in {row[0]}", euros(re.fullmatch(EURO, row[1]).group(1)),
                             budget + " (jaarlijks geld per jaar)"))
    for row in _rows(text, "Bron | Per jaar | Eenmalig"):
        if len(row) == 3 and not row[0].startswith("**"):
            for kind, cell in (("per jaar", row[1]), ("eenmalig", row[2])):
                amount = re.fullmatch(EURO, cell)
                seen.append(Seen(f"bron '{row[0]}': {kind}", euros(amount.group(1)) if amount else "€ 0",
                                 financing + " (bedragen per bron)"))
    # money that differs per year: the table per source has a column per year, its total row the years' money
    for line in text.splitlines():
        header = re.fullmatch(r"\| Bron \|((?: \d{4} \|)+) Eenmalig \|", line)
        if header is None:
            continue
        years = header.group(1).replace("|", " ").split()
        for row in _rows(text, line[2:]):
            source, *amounts, once = row
            total = source == "**Totaal**"
            for year, cell in zip(years, amounts):
                amount = re.fullmatch(rf"\**{EURO}\**", cell)
                seen.append(Seen(f"jaarlijks geld in {year}" if total else f"bron '{source}' in {year}",
                                 euros(amount.group(1)) if amount else "€ 0", financing + " (bedragen per bron)"))
            if total:
                amount = re.fullmatch(rf"\**{EURO}\**", once)
                seen.append(Seen("begroting: eenmalig totaal", euros(amount.group(1)) if amount else "€ 0",
                                 financing + " (bedragen per bron)"))
    for m in re.finditer(rf"In {YEAR} {EURO} jaarlijks geld(?:: ([^\n]+?))?\.(?= [A-Z]|$)", text, re.M):
        place = _under(text, m.start(), name)
        seen.append(Seen(f"jaarlijks geld in {m.group(1)}", euros(m.group(2)), place))
        for part in (m.group(3) or "").split("; "):
            source = re.fullmatch(rf"(.+) {EURO}", part)
            if source:
                seen.append(Seen(f"bron '{source.group(1)}' in {m.group(1)}", euros(source.group(2)), place))
    # the budget figure's text alternative: the totals and the amount of every source
    for m in re.finditer(rf"(Per jaar|Eenmalig) {EURO}: ([^\n]+?)\.(?= [A-Z]|$)", text, re.M):
        kind = "per jaar" if m.group(1) == "Per jaar" else "eenmalig"
        total = "jaarlijks" if kind == "per jaar" else "eenmalig"
        place = _under(text, m.start(), name)
        seen.append(Seen(f"begroting: {total} totaal", euros(m.group(2)), place))
        for part in m.group(3).split("; "):
            source = re.fullmatch(rf"(.+) {EURO}", part)
            if source:
                seen.append(Seen(f"bron '{source.group(1)}': {kind}", euros(source.group(2)), place))
    for m in re.finditer(rf"extra kosten van inclusieve opvang op {EURO} per jaar", text):
        seen.append(Seen("geschatte extra kosten per jaar", euros(m.group(1)), financing))
    for m in re.finditer(rf"geschatte extra kosten van {EURO} per jaar", text):
        seen.append(Seen("geschatte extra kosten per jaar", euros(m.group(1)), budget))
    for row in _rows(text, "Jaar | Extra kosten | Gedekt | Tekort"):
        if len(row) == 4 and re.fullmatch(YEAR, row[0]):
            gap = re.fullmatch(EURO, row[3])
            seen.append(Seen(f"tekort in {row[0]}", euros(gap.group(1)) if gap else "geen",
                             financing + " (tabel per jaar)"))
    for row in _rows(text, "Post | Bron | Betaalt | Jaren | Per jaar | Eenmalig"):
        if len(row) != 6 or row[0].startswith("**"):
            continue
        post, _, _, years, yearly, one_off = row
        amount = re.fullmatch(EURO, yearly) or re.fullmatch(EURO, one_off)
        if amount:
            kind = "per jaar" if re.fullmatch(EURO, yearly) else "eenmalig"
            seen.append(Seen(f"post '{post}': bedrag", f"{euros(amount.group(1))} {kind}", budget + " (tabel)"))
        start = re.search(r"\b(\d{1,2}-\d{1,2}-)?(\d{4})\b", years)
        if start:
            seen.append(Seen(f"post '{post}': eerste jaar", start.group(2), budget + " (tabel)"))
            if start.group(1) and not years.startswith("tot en met"):
                seen.append(Seen(f"post '{post}': begint", start.group(0), budget + " (tabel)"))
        end = re.search(rf"tot en met ({DAY})", years)
        if end:
            seen.append(Seen(f"post '{post}': loopt tot en met", end.group(1), budget + " (tabel)"))
    # a yearly line that runs part of a year: the sentence under the table and the financing
    for m in re.finditer(rf"\*([^*]+)\*: (?:vanaf ({DAY})(?: tot en met ({DAY}))?|{EURO} per jaar tot en met ({DAY})), "
                         rf"dus ((?:€\s?[\d.]+ in \d{{4}}(?:, | en )?)+)(?:, daarna {EURO} per jaar)?\.", text):
        post, place = f"post '{m.group(1)}'", budget + " (toelichting)"
        if m.group(2):
            seen.append(Seen(f"{post}: begint", m.group(2), place))
        if m.group(3) or m.group(5):
            seen.append(Seen(f"{post}: loopt tot en met", m.group(3) or m.group(5), place))
        for part in re.finditer(rf"{EURO} in {YEAR}", m.group(6)):
            seen.append(Seen(f"{post}: in {part.group(2)}", euros(part.group(1)), place))
        if m.group(4) or m.group(7):
            seen.append(Seen(f"{post}: bedrag", euros(m.group(4) or m.group(7)) + " per jaar", place))
    for m in re.finditer(rf"\*([^*]+)\* (begint op|loopt tot en met) ({DAY}) en telt in {YEAR} voor {EURO} in plaats "
                         rf"van {EURO}", text):
        post = f"post '{m.group(1)}'"
        seen += [Seen(f"{post}: {'begint' if m.group(2) == 'begint op' else 'loopt tot en met'}", m.group(3), financing),
                 Seen(f"{post}: in {m.group(4)}", euros(m.group(5)), financing),
                 Seen(f"{post}: bedrag", euros(m.group(6)) + " per jaar", financing)]
    # several such lines make one sentence: "In hun eerste jaar tellen *A* (vanaf 1-9-2027) voor € 60.000 in
    # plaats van € 180.000 en *B* (vanaf …) …"; the year is the one of the date
    for m in re.finditer(rf"\*([^*]+)\* \((vanaf|tot en met) ({DAY})\) voor {EURO} in plaats van {EURO}", text):
        post = f"post '{m.group(1)}'"
        seen += [Seen(f"{post}: {'begint' if m.group(2) == 'vanaf' else 'loopt tot en met'}", m.group(3), financing),
                 Seen(f"{post}: in {m.group(3)[-4:]}", euros(m.group(4)), financing),
                 Seen(f"{post}: bedrag", euros(m.group(5)) + " per jaar", financing)]
    # the Evaluatieplan names what an adjustment costs by its budget line
    for m in re.finditer(rf"{EURO} (eenmalig in|per jaar vanaf) {YEAR} \(bron: [^;]+; post \"([^\"]+)\"\)", text):
        kind = "eenmalig" if m.group(2).startswith("eenmalig") else "per jaar"
        seen += [Seen(f"post '{m.group(4)}': bedrag", f"{euros(m.group(1))} {kind}", f"{name}, bijstellingen"),
                 Seen(f"post '{m.group(4)}': eerste jaar", m.group(3), f"{name}, bijstellingen")]
    return seen + _gaps(text, name)


# --- milestones, goals, documents ----------------------------------------------------------------


def _milestones_markdown(name: str, text: str) -> list[Seen]:
    seen = []
    rows = [row for row in _rows(text, "Mijlpaal | Eigenaar | Datum | Status") if len(row) == 4]
    for milestone, owner, date, status in rows:
        place = f"{name}, tabel mijlpalen"
        seen += [Seen(f"mijlpaal '{milestone}': datum", date, place),
                 Seen(f"mijlpaal '{milestone}': status", status.lower(), place),
                 Seen(f"mijlpaal '{milestone}': eigenaar", owner, place)]
    if rows:
        done = sum(1 for row in rows if row[3].lower() == "afgerond")
        seen.append(Seen("mijlpalen: gehaald", f"{done} van de {len(rows)}", f"{name}, tabel mijlpalen"))
    for m in re.finditer(r"(\d+) genummerde mijlpalen, [^;]*; (\d+) gehaald", text):
        seen.append(Seen("mijlpalen: gehaald", f"{m.group(2)} van de {m.group(1)}", f"{name}, figuur tijdlijn"))
    return seen


def _goals_markdown(name: str, text: str) -> list[Seen]:
    seen = []
    for row in _rows(text, "Doel | Omschrijving"):
        if len(row) >= 3:
            seen += [Seen(f"doel {row[0]}: tekst", row[1], f"{name}, doelen"),
                     Seen(f"doel {row[0]}: eigenaar", row[2], f"{name}, doelen")]
    for row in _rows(text, "Doel | Indicator | Uitgangswaarde | Streefwaarde"):
        if len(row) == 4:
            seen += [Seen(f"doel {row[0]}: uitgangswaarde", row[2], f"{name}, indicatoren"),
                     Seen(f"doel {row[0]}: streefwaarde", row[3], f"{name}, indicatoren")]
    for m in re.finditer(r"^\| \*\*(D\d+)\*\*: (.+?) \|", text, re.M):
        seen.append(Seen(f"doel {m.group(1)}: tekst", m.group(2), f"{name}, evaluatie per doel"))
    for row in _rows(text, "Doel | Meetmoment | Datum | Uitkomst | Op koers?"):
        if len(row) < 5:
            continue
        place = f"{name}, resultaten"
        seen.append(Seen(f"doel {row[0]}: {row[1].lower()} {row[2]}", row[4].lower(), place))
        baseline = re.fullmatch(r"Uitgangswaarde: (.+)", row[3])
        if baseline:
            seen.append(Seen(f"doel {row[0]}: uitgangswaarde", baseline.group(1), place))
    return seen


def _adoption_markdown(name: str, text: str, titles: dict[str, str]) -> list[Seen]:
    """Whether a document is adopted, by whom and when, as this document says it."""
    seen = []
    cover = re.search(rf"^(?:Vastgesteld door (.+) op {DATE}|Concept, versie {DATE})  $", text, re.M)
    if cover:
        seen += _adopted(name, cover.group(1), cover.group(2), f"{name}, voorblad")
    for title, file in titles.items():
        for m in re.finditer(rf"het \*{re.escape(title)}\* is vastgesteld door (.+?) op {DATE}", text):
            seen += _adopted(file, m.group(1), m.group(2), f"{name}, stand van de voorwaarden")
        for _ in re.finditer(rf"het \*{re.escape(title)}\* is nog niet vastgesteld", text):
            seen += _adopted(file, None, None, f"{name}, stand van de voorwaarden")
    if name == "visiedocument.md":
        for m in re.finditer(rf"^De visie is op {DATE} vastgesteld door (.+)\.$", text, re.M):
            seen += _adopted(name, m.group(2), m.group(1), f"{name}, vaststelling")
    for milestone, _, date, status in (r for r in _rows(text, "Mijlpaal | Eigenaar | Datum | Status") if len(r) == 4):
        for title, file in titles.items():
            m = re.fullmatch(rf"{re.escape(title)} vastgesteld(?: door (.+))?", milestone, re.I)
            if m:
                place = f"{name}, mijlpaal '{milestone}'"
                if status.lower() == "afgerond":
                    seen.append(Seen(f"{file}: vastgesteld op", date, place))
                    if m.group(1):
                        seen.append(Seen(f"{file}: vastgesteld door", m.group(1), place))
                else:
                    seen.append(Seen(f"{file}: vastgesteld op", "nog niet", place))
    return seen


def _adopted(file: str, body: str | None, date: str | None, place: str) -> list[Seen]:
    if date is None or body is None:
        return [Seen(f"{file}: vastgesteld op", "nog niet", place)]
    return [Seen(f"{file}: vastgesteld op", date, place), Seen(f"{file}: vastgesteld door", body, place)]


def _overview(folder: Path) -> tuple[list[Seen], dict[str, str]]:
    """What the overview (index.html) states, and the documents' titles with their files."""
    page = _Html()
    page.feed((folder / "index.html").read_text(encoding="utf-8"))
    text, name = page.text(), "overzicht (index.html)"
    seen: list[Seen] = []
    titles: dict[str, str] = {}
    for m in re.finditer(r'<li><strong>([^<]+)</strong> \(([^)]*)\): <a href="([a-z_-]+)\.md"',
                         (folder / "index.html").read_text(encoding="utf-8")):
        title, state, file = m.group(1).replace("&amp;", "&"), m.group(2).replace("&amp;", "&"), m.group(3) + ".md"
        titles[title] = file
        adopted = re.fullmatch(rf"vastgesteld door (.+) op {DATE}", state)
        seen += _adopted(file, adopted.group(1) if adopted else None, adopted.group(2) if adopted else None,
                         f"{name}, lijst van documenten")
    for i, m in enumerate(re.finditer(rf"Begroting: {EURO} per jaar(?: en {EURO} eenmalig)? begroot", text)):
        seen.append(Seen("begroting: jaarlijks totaal", euros(m.group(1)), f"{name}, begroting ({i + 1})"))
        seen.append(Seen("begroting: eenmalig totaal", euros(m.group(2)) if m.group(2) else "€ 0",
                         f"{name}, begroting ({i + 1})"))
    # yearly money that differs between years is said per year (the column total is no year's figure)
    said_per_year = rf"Begroting: jaarlijks ((?:€\s?[\d.]+ in \d{{4}}(?:, | en )?)+)(?:, en {EURO} eenmalig)? begroot"
    for i, m in enumerate(re.finditer(said_per_year, text)):
        for amount, year in re.findall(rf"{EURO} in {YEAR}", m.group(1)):
            seen.append(Seen(f"jaarlijks geld in {year}", euros(amount), f"{name}, begroting ({i + 1})"))
        seen.append(Seen("begroting: eenmalig totaal", euros(m.group(2)) if m.group(2) else "€ 0",
                         f"{name}, begroting ({i + 1})"))
    seen += _gaps(text, name)
    for m in re.finditer(r"Mijlpalen: (\d+) van de (\d+) gehaald", text):
        seen.append(Seen("mijlpalen: gehaald", f"{m.group(1)} van de {m.group(2)}", name))
    for m in re.finditer(rf"de volgende: (.+?) \({DATE}\)", text):
        seen.append(Seen(f"mijlpaal '{m.group(1)}': datum", m.group(2), f"{name}, in één oogopslag"))
    for m in re.finditer(rf"Mijlpaal (vertraagd|over datum): (.+?) \(gepland {DATE}; (.+)\)$", text, re.M):
        place = f"{name}, nu aandacht nodig"
        seen += [Seen(f"mijlpaal '{m.group(2)}': datum", m.group(3), place),
                 Seen(f"mijlpaal '{m.group(2)}': eigenaar", m.group(4), place)]
        if m.group(1) == "vertraagd":
            seen.append(Seen(f"mijlpaal '{m.group(2)}': status", "vertraagd", place))
    for m in re.finditer(rf"Doel (D\d+) (?:loopt achter|is op koers) \(([a-z]+) {DATE}\): (.+)$", text, re.M):
        seen.append(Seen(f"doel {m.group(1)}: tekst", m.group(4), f"{name}, nu aandacht nodig"))
    for table in page.tables:
        if not table:
            continue
        header, rows = table[0], [row for row in table[1:] if len(row) == len(table[0])]
        if header == ["Datum", "Mijlpaal", "Eigenaar", "Status"]:
            for date, milestone, owner, status in rows:
                place = f"{name}, mijlpalen nog te gaan"
                seen += [Seen(f"mijlpaal '{milestone}': datum", date, place),
                         Seen(f"mijlpaal '{milestone}': status", status.lower(), place),
                         Seen(f"mijlpaal '{milestone}': eigenaar", owner, place)]
        elif header[:3] == ["Doel", "Eigenaar", "Laatste meting"]:
            for row in rows:
                seen.append(Seen(f"doel {row[0]}: eigenaar", row[1], f"{name}, doelen"))
                latest = re.fullmatch(rf"(.+) \(([a-z]+) {DATE}\)", row[2])
                if latest:
                    seen.append(Seen(f"doel {row[0]}: {latest.group(2)} {latest.group(3)}", latest.group(1),
                                     f"{name}, doelen"))
    return seen, titles


def statements(folder: Path) -> list[Seen]:
    """Every fact the documents in ``folder`` state, with its place."""
    seen, titles = _overview(folder)
    for path in sorted(folder.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        seen += _money_markdown(path.name, text)
        seen += _milestones_markdown(path.name, text)
        seen += _goals_markdown(path.name, text)
        seen += _adoption_markdown(path.name, text, titles)
    return seen


def disagreements(folder: Path) -> list[str]:
    """One line per fact that has two values, naming every place and what it says."""
    by_fact: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for s in statements(folder):
        by_fact[s.fact][s.value].append(s.place)
    return [f"{fact}: " + "; ".join(f"{value} in {', '.join(places)}" for value, places in sorted(values.items()))
            for fact, values in sorted(by_fact.items()) if len(values) > 1]


def _section(text: str, heading: str) -> str:
    """The part of a Markdown document under ``### heading`` (or ``## heading``), up to the next heading."""
    m = re.search(rf"^#{{2,3}} {re.escape(heading)}\n(.*?)(?=^#{{1,3}} |\Z)", text, re.M | re.S)
    return m.group(1) if m else ""


def unknown_amounts(folder: Path) -> list[str]:
    """Amounts the Visiedocument's financing section (the partners' own text) and the Evaluatieplan
    name that the budget does not have: every amount there must be a total, a source's or a line's
    amount, a part of a year, the extra costs or a gap of the Plan van aanpak."""
    known = {s.value.removesuffix(" per jaar").removesuffix(" eenmalig") for s in statements(folder)
             if s.value.startswith("€")}
    found = []
    for name, heading in (("visiedocument.md", "Financiering"), ("evaluatieplan.md", None)):
        path = folder / name
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        part = _section(text, heading) if heading else text
        for m in re.finditer(EURO, part):
            if euros(m.group(1)) not in known:
                where = f"{name}, {heading}" if heading else _under(text, text.index(m.group(0)), name)
                found.append(f"{euros(m.group(1))} in {where} staat niet in de begroting van het Plan van aanpak")
    return found


def _facts_in_more_places(folder: Path) -> set[str]:
    places: dict[str, set[str]] = defaultdict(set)
    for s in statements(folder):
        places[s.fact].add(s.place)
    return {fact for fact, where in places.items() if len(where) > 1}


# --- the examples ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_fact_a_council_reads_twice_says_the_same(name):
    folder = ROOT / "examples" / name / "documenten"
    assert disagreements(folder) == []


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_amount_in_the_vision_and_the_evaluation_is_one_the_budget_has(name):
    assert unknown_amounts(ROOT / "examples" / name / "documenten") == []


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_audit_finds_the_facts_it_compares(name):
    """The audit cannot pass by finding nothing: in every example it sees the budget totals,
    the milestones, the goals and the documents' adoption in more than one place."""
    compared = _facts_in_more_places(ROOT / "examples" / name / "documenten")
    assert {"begroting: eenmalig totaal", "mijlpalen: gehaald"} <= compared
    # the yearly money as one total, or (when it differs per year) each year's and each source's in it
    assert "begroting: jaarlijks totaal" in compared or (
        any(fact.startswith("jaarlijks geld in ") for fact in compared)
        and any(fact.startswith("bron '") and " in 20" in fact for fact in compared))
    assert any(fact.startswith("mijlpaal '") and fact.endswith(": datum") for fact in compared)
    assert any(fact.startswith("doel D") and fact.endswith(": tekst") for fact in compared)
    assert any(fact.endswith(".md: vastgesteld op") for fact in compared)


def test_lindewaard_the_roll_out_from_september_is_the_same_fact_everywhere():
    """The line that starts on 1-9-2027 and the gap of 2028 are each compared in three or more places."""
    statements_ = statements(ROOT / "examples" / "gemeente-voorbeeld" / "documenten")
    post = "post 'Jeugdhulpprofessional op de groep, alle locaties, één dagdeel per week'"
    said = defaultdict(list)
    for s in statements_:
        said[s.fact, s.value].append(s.place)
    assert len(said[f"{post}: begint", "1-9-2027"]) == 3
    assert len(said[f"{post}: in 2027", "€ 60.000"]) == 2
    assert len(said[f"{post}: bedrag", "€ 180.000 per jaar"]) == 3
    # the second day part on the large locations starts with the roll-out: not a full year in 2027
    second = "post 'Jeugdhulpprofessional op de groep, tweede dagdeel op de grote locaties'"
    assert len(said[f"{second}: begint", "1-9-2027"]) == 3
    assert len(said[f"{second}: in 2027", "€ 20.000"]) == 2
    assert len(said[f"{second}: loopt tot en met", "31-12-2027"]) == 2
    # financing (table and text), budget (figure, ledger and the answer's own text), overview (three times)
    assert len(said["tekort in 2028", "€ 60.000"]) == 8
    assert len(said["tekort in 2027", "geen"]) == 2  # financing table and the answer's own text


# --- the audit fails on a broken copy, naming both places -------------------------------------------


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "documenten"
    shutil.copytree(ROOT / "examples" / "gemeente-voorbeeld" / "documenten", folder)
    return folder


def _replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_changed_total_in_one_document_is_named_with_the_places_that_disagree(tmp_path):
    folder = _copy(tmp_path)
    _replace_once(folder / "plan_van_aanpak.md", "| **Totaal** | **€\u00a073.250** | **€\u00a0217.000** |",
                  "| **Totaal** | **€\u00a073.250** | **€\u00a0218.000** |")
    found = disagreements(folder)
    assert len(found) == 1, found
    assert found[0].startswith("jaarlijks geld in 2027: € 217.000 in overzicht (index.html)"), found
    assert "plan_van_aanpak.md, Middelen en begroting (figuur)" in found[0]
    assert found[0].endswith("; € 218.000 in plan_van_aanpak.md, Financiering (bedragen per bron)"), found


def test_a_gap_in_an_answer_that_the_lines_do_not_give_is_named(tmp_path, example_plan):
    """The free text of an answer states the gap of 2028; change it in the answer file, render,
    and the audit names the answer's place next to the figure the ledger derives."""
    from handreiking.cli.main import main

    path = example_plan / "antwoorden" / "5-uitvoering.yaml"
    _replace_once(path, "Voor 2028 ontbreekt € 60.000", "Voor 2028 ontbreekt € 50.000")
    assert main(["render", str(example_plan), "--formaat", "md"]) == 0
    found = [line for line in disagreements(example_plan / "documenten") if line.startswith("tekort in 2028")]
    assert len(found) == 1, found
    assert "€ 50.000 in plan_van_aanpak.md" in found[0]
    assert "€ 60.000 in overzicht (index.html)" in found[0] and "plan_van_aanpak.md, Financiering" in found[0]


def test_a_milestone_status_and_a_cover_that_disagree_are_named(tmp_path):
    folder = _copy(tmp_path)
    _replace_once(folder / "plan_van_aanpak.md",
                  "| Jeugdhulpprofessional op de groep op alle 18 locaties | Jeugdhulp De Bolster | 1 september 2027 | Bezig |",
                  "| Jeugdhulpprofessional op de groep op alle 18 locaties | Jeugdhulp De Bolster | 1 oktober 2027 | Bezig |")
    _replace_once(folder / "evaluatieplan.md", "Vastgesteld door de stuurgroep op 2 juli 2026  ",
                  "Concept, versie 28 juni 2027  ")
    found = disagreements(folder)
    milestone = [line for line in found if line.startswith("mijlpaal 'Jeugdhulpprofessional op de groep op alle")]
    assert milestone and "1 oktober 2027 in plan_van_aanpak.md, tabel mijlpalen" in milestone[0]
    assert "1 september 2027 in overzicht (index.html)" in milestone[0]
    cover = [line for line in found if line.startswith("evaluatieplan.md: vastgesteld op")]
    assert cover == ["evaluatieplan.md: vastgesteld op: 2 juli 2026 in overzicht (index.html), lijst van documenten; "
                     "nog niet in evaluatieplan.md, voorblad"]


def test_money_that_stops_in_july_agrees_everywhere_and_makes_the_old_gap_text_stale(example_plan):
    """Let the second day part run to the end of the school year 2027/2028: every document
    derives the new gap of 2028 (€ 25.000) and says the line ends on 31-7-2028 in each place; only
    the answer's own text still says € 60.000, and the audit names it next to the derived figure."""
    from handreiking.cli.main import main

    path = example_plan / "antwoorden" / "5-uitvoering.yaml"
    _replace_once(path, "    bedrag: 60000\n    van_jaar: 2027\n    van_maand: 9\n    tot_jaar: 2027\n",
                  "    bedrag: 60000\n    van_jaar: 2027\n    van_maand: 9\n    tot_jaar: 2028\n    tot_maand: 7\n")
    assert main(["render", str(example_plan), "--formaat", "md,html"]) == 0
    folder = example_plan / "documenten"
    post = "post 'Jeugdhulpprofessional op de groep, tweede dagdeel op de grote locaties'"
    said = defaultdict(list)
    for s in statements(folder):
        said[s.fact, s.value].append(s.place)
    assert len(said[f"{post}: loopt tot en met", "31-7-2028"]) == 3
    assert len(said[f"{post}: in 2028", "€ 35.000"]) == 2
    assert disagreements(folder) == [
        "tekort in 2028: € 25.000 in overzicht (index.html), overzicht (index.html), overzicht (index.html), "
        "plan_van_aanpak.md, Financiering (tabel per jaar), plan_van_aanpak.md, Bedragen per bron, "
        "plan_van_aanpak.md, Middelen en begroting (figuur), plan_van_aanpak.md, Middelen en begroting; "
        "€ 60.000 in plan_van_aanpak.md, Middelen en begroting"]


def test_an_amount_in_the_vision_the_budget_does_not_have_is_named(tmp_path):
    folder = _copy(tmp_path)
    _replace_once(folder / "visiedocument.md", "De gemeente reserveert vanaf 2027 structureel budget uit de Jeugdwetmiddelen",
                  "De gemeente reserveert vanaf 2027 structureel € 357.000 per jaar uit de Jeugdwetmiddelen")
    assert unknown_amounts(folder) == []  # the extra costs per year: an amount the budget has
    _replace_once(folder / "visiedocument.md", "€ 357.000 per jaar", "€ 400.000 per jaar")
    assert unknown_amounts(folder) == ["€ 400.000 in visiedocument.md, Financiering staat niet in de begroting van "
                                       "het Plan van aanpak"]


def test_yearly_money_said_per_year_on_the_overview_agrees_with_the_plan(tmp_path):
    """The overview says each year's yearly money when the years differ; a changed year is named
    next to the Plan van aanpak's table of yearly money per year."""
    folder = _copy(tmp_path)
    said = {s.fact for s in statements(folder)}
    assert {"jaarlijks geld in 2026", "jaarlijks geld in 2027", "jaarlijks geld in 2028"} <= said
    page = folder / "index.html"  # the amount stands twice (at a glance and under Uitvoering): change the first
    page.write_text(page.read_text(encoding="utf-8").replace("€\u00a0217.000 in", "€\u00a0218.000 in", 1),
                    encoding="utf-8")
    found = [line for line in disagreements(folder) if line.startswith("jaarlijks geld in 2027")]
    assert len(found) == 1 and "plan_van_aanpak.md, Middelen en begroting (jaarlijks geld per jaar)" in found[0], found
