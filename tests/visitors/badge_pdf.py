"""Reading badge PDFs back: pages rasterised with pypdfium2, every QR decoded with zxing-cpp."""
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import zxingcpp

RENDER_SCALE = 200 / 72


def document(pdf: bytes):
    return pdfium.PdfDocument(pdf)


def page_codes(page):
    """Every QR code on the page, decoded from a 200 dpi rendering."""
    image = page.render(scale=RENDER_SCALE).to_pil()
    return [result.text for result in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


def all_codes(pdf: bytes):
    return [code for page in document(pdf) for code in page_codes(page)]


def page_text(page):
    return page.get_textpage().get_text_range()


def glyphs(page):
    """(character, (left, bottom, right, top), font size) for every drawn character of the page."""
    textpage = page.get_textpage()
    text = textpage.get_text_range()
    found = []
    for index in range(textpage.count_chars()):
        char = text[index] if index < len(text) else ""
        if char.isspace() or not char:
            continue
        size = pdfium_raw.FPDFText_GetFontSize(textpage.raw, index)
        found.append((char, textpage.get_charbox(index), size))
    return found
