"""What python-docx leaves to raw WordprocessingML: header rows that repeat on each page, cell
shading, merged action cells, table captions, page-number fields, links, the document language."""

from urllib.parse import urlsplit

from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

LINK_BLUE = RGBColor(0x1D, 0x70, 0xB8)  # GOV.UK link colour: 5.2:1 on white


def set_language(document, language: str) -> None:
    """The language of the document's text (what Word's proofing and screen readers use)."""
    document.core_properties.language = language
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    run_defaults = _child(_child(defaults, "w:rPrDefault"), "w:rPr")
    lang = _child(run_defaults, "w:lang")
    lang.set(qn("w:val"), language)


def heading_style(document, level: int) -> str:
    """Word's built-in "Heading N", added where a council's template does not define it."""
    name = f"Heading {level}"
    if name not in [style.name for style in document.styles]:
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        style.font.bold = True
        outline = OxmlElement("w:outlineLvl")
        outline.set(qn("w:val"), str(level - 1))
        style.element.get_or_add_pPr().append(outline)
    return name


def use_font(document, font: str, size_pt: float) -> None:
    """Set the product's own look on python-docx's template (never on a council's): its styles
    name theme fonts (Calibri, Cambria) that a server may not have, so name one outright."""
    normal = document.styles["Normal"]
    normal.font.size = Pt(size_pt)
    for style in document.styles:
        if style.type != WD_STYLE_TYPE.PARAGRAPH:
            continue
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in list(fonts.attrib):
            if attribute.endswith("Theme"):
                del fonts.attrib[attribute]
        style.font.name = font


def set_widths(table, widths) -> None:
    """Fixed column widths (Word reads each cell's width, LibreOffice the grid's)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def style_if_defined(document, name: str) -> str | None:
    return name if name in [style.name for style in document.styles] else None


def repeat_as_header(row) -> None:
    """The row repeats at the top of each page the table runs onto (and is its header row)."""
    _child(row._tr.get_or_add_trPr(), "w:tblHeader").set(qn("w:val"), "true")


def caption_table(table, caption: str) -> None:
    """The table's title, as Word's Alt Text: what a screen reader announces on entering it."""
    _child(table._tbl.tblPr, "w:tblCaption").set(qn("w:val"), caption[:250])


def shade(cell, fill_hex: str) -> None:
    shading = _child(cell._tc.get_or_add_tcPr(), "w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill_hex.lstrip("#").upper())


def merge_down(cells) -> None:
    """The first cell spans the rows of the others (an action over its sub-actions' rows)."""
    for index, cell in enumerate(cells):
        cell._tc.vMerge = "restart" if index == 0 else "continue"


def page_field(paragraph, instruction: str) -> None:
    """A field Word fills in when it lays out the pages: PAGE or NUMPAGES."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def add_link(paragraph, url: str) -> None:
    """A web address as a link; anything but http(s) stays plain text, never a live target."""
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        paragraph.add_run(url)
        return
    relationship = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relationship)
    run = paragraph.add_run(url)
    run.font.color.rgb = LINK_BLUE
    run.font.underline = True
    link.append(run._r)
    paragraph._p.append(link)


def _child(parent, tag: str):
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        parent.append(found)
    return found
