"""A QR code as a small SVG for web pages (the same matrix the PDFs draw)."""
from fairapp.printing import qr_matrix

QUIET = 4


def qr_svg(data: str) -> str:
    rows = qr_matrix(data)
    size = len(rows) + 2 * QUIET
    parts = []
    for y, row in enumerate(rows):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                parts.append(f"M{start + QUIET} {y + QUIET}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" shape-rendering="crispEdges">'
            f'<rect width="{size}" height="{size}" fill="#fff"/><path fill="#000" d="{"".join(parts)}"/></svg>')
