"""The overview page's own look: a dashboard that prints on one A4 page where it fits.

Why this module exists: the overview is read before a meeting, on screen or
printed. Its tables and pictures are denser than those of the plan documents,
so the page gets a few extra rules on top of the shared style sheet
(:mod:`handreiking.render.html`), applied only to documents with
``stijl: overzicht`` in ``templates/documenten.yaml``.
"""
from __future__ import annotations

OVERVIEW_CSS = """
main > h2 { margin-top: 1.5rem; }
main > ul li + li { margin-top: 0.1rem; }
/* on a projector (1280 x 720) the title, the glance table and its four lines fit one screen */
@media screen {
  main > h1 { font-size: 1.6rem; margin-top: 0.6rem; margin-bottom: 0.2rem; padding-bottom: 0.2rem; }
  main > h1 + p { margin-top: 0.2rem; margin-bottom: 0.2rem; }
  main > h2:first-of-type { margin-top: 0.6rem; margin-bottom: 0.3rem; font-size: 1.25rem; }
  main > h2:first-of-type + table { margin-top: 0.3rem; margin-bottom: 0.3rem; line-height: 1.25; }
  main > h2:first-of-type + table th, main > h2:first-of-type + table td { padding: 0.2rem 0.6rem; }
  main > h2:first-of-type + table + p { margin-top: 0.4rem; margin-bottom: 0.4rem; line-height: 1.45; }
}
details > summary { cursor: pointer; }
details > ul { margin: 0.2rem 0 0.4rem; list-style: none; padding-left: 1rem; }
@media print {
  @page { margin: 1cm 1.2cm 1.1cm; }
  body { font-size: 8.5pt; line-height: 1.28; }
  h1 { font-size: 15pt; margin-bottom: 0.2rem; padding-bottom: 0.15rem; }
  h2 { font-size: 11pt; margin: 0.6rem 0 0.25rem; }
  p, ul { margin: 0.25rem 0; }
  table { margin: 0.3rem 0; font-size: 7.8pt; line-height: 1.2; }
  th, td { padding: 0.08rem 0.3rem; }
  td:first-child { white-space: nowrap; }
  main > h2:has(+ figure.figuur) { break-before: page; page-break-before: always; margin-top: 0; }
  figure.figuur { margin: 0.3rem 0; display: inline-block; width: 49%; vertical-align: top; }
  figure.figuur figcaption { font-size: 7.5pt; margin: 0; }
}
""".strip()
