"""Tests for handreiking.render.markdown: one safe parse feeding HTML and DOCX."""
from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET

import pytest

from handreiking.render.markdown import (
    ParsedMarkdown,
    element_to_html,
    parse_markdown,
    remove_forbidden_chars,
)


def all_strings(tree: ET.Element) -> list[str]:
    """Every text, tail and attribute value in the tree."""
    strings: list[str] = []
    for element in tree.iter():
        strings.extend(s for s in (element.text, element.tail) if s)
        strings.extend(element.attrib.values())
    return strings


def plain_text(tree: ET.Element) -> str:
    return "".join(tree.itertext())


def tags(tree: ET.Element) -> list[str]:
    return [element.tag for element in tree.iter()]


def assert_no_internal_markers(parsed: ParsedMarkdown) -> None:
    for text in all_strings(parsed.tree) + [parsed.html]:
        assert "\x02" not in text and "\x03" not in text, repr(text)
        assert "wzxhzdk" not in text and "klzzwxh" not in text, repr(text)


def test_result_is_frozen_dataclass_with_div_root() -> None:
    parsed = parse_markdown("Hallo **wereld**")
    assert isinstance(parsed, ParsedMarkdown)
    assert isinstance(parsed.tree, ET.Element)
    assert parsed.tree.tag == "div"
    with pytest.raises(dataclasses.FrozenInstanceError):
        parsed.html = "x"  # type: ignore[misc]
    assert parsed.html == "<p>Hallo <strong>wereld</strong></p>"


@pytest.mark.parametrize(
    ("source", "tree_text", "html_fragment"),
    [
        ("A & B", "A & B", "A &amp; B"),
        ("A &amp; B", "A & B", "A &amp; B"),
        ("caf&eacute; &#233; &#x20AC;", "café é €", "café é €"),
        ("&lt;script&gt;", "<script>", "&lt;script&gt;"),
        ("&amp;copy;", "&copy;", "&amp;copy;"),
        ("<b>vet</b>", "<b>vet</b>", "&lt;b&gt;vet&lt;/b&gt;"),
        ("<script>alert(1)</script>", "<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("tekst <script>alert(1)</script> meer", "tekst <script>alert(1)</script> meer", "&lt;script&gt;"),
        ('<div onclick="x()">hoi</div>', '<div onclick="x()">hoi</div>', "&lt;div onclick"),
        ("<!-- commentaar -->", "<!-- commentaar -->", "&lt;!-- commentaar --&gt;"),
        ("{{ 7*7 }}", "{{ 7*7 }}", "{{ 7*7 }}"),
        ('{% include "x" %}', '{% include "x" %}', '{% include "x" %}'),
        (r"\*niet vet\*", "*niet vet*", "*niet vet*"),
        (r"\_niet\_ \`code\` \[geen link\]", "_niet_ `code` [geen link]", "_niet_ `code` [geen link]"),
        ("emoji 🎉👩🏽‍💻 عربى עברית", "emoji 🎉👩🏽‍💻 عربى עברית", "emoji 🎉👩🏽‍💻 عربى עברית"),
    ],
)
def test_text_is_literal_and_safe(source: str, tree_text: str, html_fragment: str) -> None:
    parsed = parse_markdown(source)
    assert plain_text(parsed.tree).strip() == tree_text
    assert html_fragment in parsed.html
    assert tags(parsed.tree) == ["div", "p"]  # no b, script, div, em, code, a ...
    assert "<script" not in parsed.html and "<b>" not in parsed.html
    assert_no_internal_markers(parsed)


def test_code_elements_hold_literal_text() -> None:
    parsed = parse_markdown("Zie `a < b && c` hier.\n\n    blok <x> &amp; \\*\n")
    inline, block = parsed.tree.iter("code")
    assert inline.text == "a < b && c"
    assert block.text == "blok <x> &amp; \\*\n"
    assert "<code>a &lt; b &amp;&amp; c</code>" in parsed.html
    assert "blok &lt;x&gt; &amp;amp; \\*" in parsed.html
    assert_no_internal_markers(parsed)


def test_automatic_mail_link_is_plain() -> None:
    parsed = parse_markdown("Mail <regisseur@gemeente.nl> of <https://example.nl/?a=1&b=2>.")
    mail, web = parsed.tree.iter("a")
    assert mail.get("href") == "mailto:regisseur@gemeente.nl"
    assert mail.text == "regisseur@gemeente.nl"
    assert web.get("href") == "https://example.nl/?a=1&b=2"
    assert 'href="https://example.nl/?a=1&amp;b=2"' in parsed.html
    assert_no_internal_markers(parsed)


@pytest.mark.parametrize(
    "href",
    ["javascript:alert(1)", "JavaScript:alert(1)", "java\tscript:alert(1)", "data:text/html,<b>x</b>", "vbscript:x", "file:///etc/passwd"],
)
def test_dangerous_link_schemes_lose_their_href(href: str) -> None:
    parsed = parse_markdown(f"[klik]({href})")
    link = parsed.tree.find(".//a")
    if link is not None:
        assert "href" not in link.attrib
    assert "href" not in parsed.html
    assert "klik" in plain_text(parsed.tree)


@pytest.mark.parametrize("href", ["https://example.nl", "http://example.nl/x", "mailto:a@b.nl", "tel:+31201234567", "bijlage.html", "#fase-2"])
def test_safe_links_keep_their_href(href: str) -> None:
    link = parse_markdown(f"[klik]({href})").tree.find(".//a")
    assert link is not None and link.get("href") == href


def test_images_are_not_rendered() -> None:
    parsed = parse_markdown("![logo](https://tracker.example/pixel.png)\n\n![ref][r]\n\n[r]: https://x.example/y.png")
    assert "img" not in tags(parsed.tree)
    assert "<img" not in parsed.html and "src=" not in parsed.html


def test_forbidden_characters_are_removed() -> None:
    source = "a\x00b\x01c\x08d\x0be\x0cf\x0eg\x1fh\ufffei\uffffj\ud800k\udfffl"
    parsed = parse_markdown(source)
    assert plain_text(parsed.tree).strip() == "abcdefghijkl"
    assert parsed.html == "<p>abcdefghijkl</p>"
    assert remove_forbidden_chars("x\x02y\x03z\u00e9\U0001f389") == "xyz\u00e9\U0001f389"


def test_structure_tables_and_lists() -> None:
    source = (
        "# Titel\n\n## Fase 1\n\n| Wie | Wat |\n|---|:-:|\n| GGD | **advies** |\n\n"
        "1. een\n2. twee\n\n* los\n\nTekst.\n\n- a\n    - b\n\n> citaat\n\n---\n\nregel  \nnieuw\n"
    )
    tree = parse_markdown(source).tree
    assert [child.tag for child in tree] == ["h1", "h2", "table", "ol", "ul", "p", "ul", "blockquote", "hr", "p"]
    assert [th.text for th in tree.iter("th")] == ["Wie", "Wat"]
    assert tree.find("table/thead/tr/th") is not None
    assert tree.find("table/tbody/tr/td/strong").text == "advies"  # type: ignore[union-attr]
    assert tree.find("ul/li/ul/li").text == "b"  # type: ignore[union-attr]
    assert tree.find("p/br") is not None


def test_html_is_serialised_from_the_tree() -> None:
    parsed = parse_markdown("# Kop\n\nTekst met *nadruk* & meer.\n\n- een\n- twee\n")
    assert parsed.html == "".join(element_to_html(child) for child in parsed.tree).strip()


def test_empty_input() -> None:
    for source in ("", "   \n\n"):
        parsed = parse_markdown(source)
        assert parsed.html == ""
        assert parsed.tree.tag == "div" and len(parsed.tree) == 0


def test_parses_are_independent() -> None:
    parse_markdown("[x]: https://example.nl\n\nTekst")
    parsed = parse_markdown("[geen][x]")
    assert parsed.tree.find(".//a") is None


def test_deterministic() -> None:
    source = "# T\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nA & B <i>x</i>"
    assert parse_markdown(source).html == parse_markdown(source).html


def test_reference_links_are_text():
    """Links are written in full; "[1]: url" typed in an answer stays text (it would vanish as
    a link definition), and "[tekst][1]" does not become a link."""
    parsed = parse_markdown("Zie [de notitie][1].\n\n[1]: https://example.org/notitie\n")
    text = "".join(parsed.tree.itertext())
    assert "[de notitie][1]" in text and "[1]: https://example.org/notitie" in text
    assert parsed.tree.find(".//a") is None
