"""Draw a :class:`~jukidesk.reports.document.Document` as HTML for an on-screen preview
(Qt's rich text: ``QTextBrowser``/``QTextDocument`` understand this subset).

Like the Excel and PDF renderers it only draws the model: every text, span and alignment
comes from the document. A cell that carries a figure link (``Cell.ref``) becomes a link
``figure:<ref>`` so the preview can open the answers behind the figure.
"""

from __future__ import annotations

from html import escape

from jukidesk.reports.document import Document, Paragraph, Table

FIGURE_SCHEME = "figure"
HEADER_FILL = "#E6E6E6"
LINK_COLOR = "#0B4F9C"


def _text(text: str) -> str:
    return escape(text).replace("\n", "<br/>")


def _paragraph(block: Paragraph) -> str:
    indent = block.indent * 1.0 + (1.0 if block.bullet else 0.0)
    mark = f"{escape(block.bullet)}&nbsp;" if block.bullet else ""
    return (
        f'<p style="margin: 2px 0 2px {indent:.1f}em; text-indent: -{1.0 if block.bullet else 0:.1f}em;" '
        f'align="{block.align}">{mark}{_text(block.text)}</p>'
    )


def _table(table: Table) -> str:
    total = sum(table.widths) or 1
    parts = []
    if table.caption:
        parts.append(f'<p style="margin: 8px 0 3px 0;"><b>{_text(table.caption)}</b></p>')
    parts.append('<table border="1" cellspacing="0" cellpadding="4" width="100%" style="border-collapse: collapse; border-color: #000;">')
    rows: dict[int, list[str]] = {}
    for r, c, cell in table.placed():
        width = sum(table.widths[c : c + cell.colspan]) * 100 / total
        attributes = [f'align="{cell.align}"', 'valign="middle"', f'width="{width:.1f}%"']
        if cell.colspan > 1:
            attributes.append(f'colspan="{cell.colspan}"')
        if cell.rowspan > 1:
            attributes.append(f'rowspan="{cell.rowspan}"')
        if cell.header:
            attributes.append(f'bgcolor="{HEADER_FILL}"')
        if cell.whole:  # a figure (19 機関, (実施中)) never breaks inside its cell
            attributes.append("nowrap")
        content = _text(cell.text)
        if cell.ref and cell.text:
            content = f'<a href="{FIGURE_SCHEME}:{escape(cell.ref)}" style="color: {LINK_COLOR};">{content}</a>'
        if cell.bold:
            content = f"<b>{content}</b>"
        rows.setdefault(r, []).append(f"<td {' '.join(attributes)}>{content}</td>")
    for r in range(len(table.rows)):
        parts.append("<tr>" + "".join(rows.get(r, [])) + "</tr>")
    parts.append("</table>")
    if table.note:
        parts.append(f'<p style="margin: 2px 0 0 0; font-size: small;">{_text(table.note)}</p>')
    return "\n".join(parts)


def render_html(document: Document) -> str:
    """The whole document as one HTML page."""
    body = []
    if document.label:
        body.append(
            '<table align="right" border="1" cellspacing="0" cellpadding="3" style="border-collapse: collapse;">'
            f"<tr><td>&nbsp;{_text(document.label)}&nbsp;</td></tr></table>"
        )
        body.append('<p style="margin: 0;">&nbsp;</p>')
    body.append(f'<h2 align="center" style="margin: 12px 0 10px 0;">{_text(document.title)}</h2>')
    for section in document.sections:
        body.append(f'<h3 style="margin: 12px 0 4px 0;">{_text(section.heading)}</h3>')
        for block in section.blocks:
            body.append(_table(block) if isinstance(block, Table) else _paragraph(block))
    if document.footer:
        body.append(f'<p align="right">{_text(document.footer)}</p>')
    return "<html><body>\n" + "\n".join(body) + "\n</body></html>"
