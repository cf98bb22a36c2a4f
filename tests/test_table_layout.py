"""The rule that decides which tables go on landscape pages (DOCX and HTML alike)."""
from __future__ import annotations

from handreiking.render.markdown import parse_markdown
from handreiking.render.table_layout import (CELL_PADDING_TWIPS, PORTRAIT_TEXT_TWIPS, SOFT_HYPHEN, cell_pieces,
                                      UNBREAKABLE_CHAR_TWIPS, UNBREAKABLE_LETTER_TWIPS, is_form, is_wide, landscape_runs,
                                      minimum_widths)


def table(*rows: str) -> object:
    header, *body = rows
    columns = header.count("|") - 1
    markdown = "\n".join([header, "|" + "---|" * columns, *body])
    return next(child for child in parse_markdown(markdown).tree if child.tag == "table")


def test_minimum_width_is_the_longest_part_that_cannot_break_plus_padding() -> None:
    # measured with the widest fallback font's characters, so a column holds without Calibri
    letter, digit = UNBREAKABLE_LETTER_TWIPS, UNBREAKABLE_CHAR_TWIPS
    assert minimum_widths([["Doel", "Omschrijving"], ["a b", ""]], 2) == [
        4 * letter + CELL_PADDING_TWIPS, 12 * letter + CELL_PADDING_TWIPS]
    # a long compound hyphenates at its syllables, an e-mail address breaks after '@' and '.'
    compound, address = minimum_widths([["Verantwoordelijke", "j.bakker@speelkwartier.example"]], 2)
    assert compound < 17 * letter + CELL_PADDING_TWIPS
    assert address == 13 * letter + digit + CELL_PADDING_TWIPS  # "speelkwartier."
    # an amount never breaks: "€ 377.000" is one part; a date in a cell may take two lines
    amount, date = minimum_widths([["€ 377.000", "1 juli 2027"]], 2)
    assert amount == 9 * digit + CELL_PADDING_TWIPS
    assert date == 4 * digit + CELL_PADDING_TWIPS


def test_cell_pieces_keep_the_text() -> None:
    for text in ("Samenwerkingsverband passend onderwijs", "j.bakker@speelkwartier.example", "kort"):
        assert "".join(cell_pieces(text)).replace(SOFT_HYPHEN, "") == text
    assert SOFT_HYPHEN in "".join(cell_pieces("Samenwerkingsverband"))


def test_wide_when_the_longest_words_do_not_fit_portrait() -> None:
    # Seven columns of short words fit; so does a five-column table of ordinary words.
    assert not is_wide(table("| Doel | Wat | Hoe | Wie | Wanneer | Bedrag | Status |", "| D1 | a | b | c | d | e | f |"))
    assert not is_wide(table("| Partner | Rol |", "| GGD | adviseert |"))
    # Five columns of long Dutch compounds fit too: the compounds hyphenate at their syllables.
    five = table("| Doelgroep | Boodschap | Communicatiemiddel/kanaal | Verantwoordelijke | Wanneer |",
                 "| Kinderopvangorganisaties | Samenwerkingsverband | Jeugdgezondheidszorg | Locatiemanagers | "
                 "Ouderavond |")
    assert not is_wide(five)
    # Eight columns of words that cannot break do not.
    eight = table("| " + " | ".join(["Omschrijving"] * 8) + " |", "| " + " | ".join(["Steekproeven"] * 8) + " |")
    assert is_wide(eight)
    texts = [["".join(cell.itertext()) for cell in tr] for tr in eight.iter("tr")]
    assert sum(minimum_widths(texts, 8)) > PORTRAIT_TEXT_TWIPS


def test_runs_take_headings_and_lead_in_along_and_merge_adjacent_tables() -> None:
    wide = "| A | B | C | D | E | F | G | H |\n" + "|---" * 8 + "|\n| " + " | ".join(["Omschrijving"] * 8) + " |\n"
    narrow = "| A | B |\n|---|---|\n| a | b |\n"
    blocks = list(parse_markdown(
        f"# T\n\nInleiding.\n\n## Doelen\n\n### Detail\n\nLead-in.\n\n{wide}\n## Meer\n\n{wide}\n"
        f"Tekst.\n\n- punt\n\n{narrow}\n{wide}").tree)
    assert [b.tag for b in blocks] == ["h1", "p", "h2", "h3", "p", "table", "h2", "table", "p", "ul", "table",
                                       "table"]
    assert landscape_runs(blocks) == [(2, 8), (11, 12)]
    assert landscape_runs([]) == []


def test_a_form_is_a_table_whose_last_column_is_left_empty_in_every_row() -> None:
    assert is_form(table("| Naam | Datum | Handtekening |", "| Rob | 1 juli 2027 | |", "| | | |"))
    assert not is_form(table("| Naam | Datum | Handtekening |", "| Rob | 1 juli 2027 | |", "| Els | | getekend |"))
    assert not is_form(table("| Naam | Rol |", "| Rob | Regisseur |"))
    assert not is_form(table("| Naam | |", "| Rob | |"))  # a last column without a heading is no form
