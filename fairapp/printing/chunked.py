"""Long PDFs in bounded memory: render pieces with ReportLab, join them into one file.

ReportLab keeps every page of a canvas in memory until save(), then builds the
whole file in memory again, so 10,000 badges on one canvas cost hundreds of MB.
Here each piece of a few hundred items is a complete ReportLab PDF that is
copied object by object into the output file and forgotten: memory depends on
the piece size, not on the number of pages.

The joiner reads only what ReportLab writes (a classic xref table, direct
/Length values, a flat page tree); it is not a general PDF merger.
"""
import hashlib
import io
import re
from itertools import chain, islice

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_XREF_HEAD = re.compile(rb"xref\s+0 (\d+)\s+")
_XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")
_OBJ_HEAD = re.compile(rb"\s*(\d+) 0 obj\s*")
_REF = re.compile(rb"(\d+) 0 R\b")
_STREAM = re.compile(rb">>\s*stream\r?\n")
_SUBSET_TAG = re.compile(rb"/([A-Z]{6})\+")
_ROOT = re.compile(rb"/Root (\d+) 0 R")
_INFO = re.compile(rb"/Info (\d+) 0 R")
_PAGES = re.compile(rb"/Pages (\d+) 0 R")
_KIDS = re.compile(rb"/Kids \[([^\]]*)\]")

PAGES_ID, CATALOG_ID, INFO_ID = 1, 2, 3


def render_in_chunks(out, items, render, *, chunk_size):
    """Write one PDF to `out` (a binary file) from `items`, rendered `chunk_size` at a time.

    `render(list_of_items, file)` writes a complete ReportLab PDF. Up to one
    chunk goes straight to `out`, untouched; more are joined. Returns the number of pieces.
    """
    iterator = iter(items)
    first = list(islice(iterator, chunk_size))
    following = list(islice(iterator, chunk_size))
    if not following:
        render(first, out)
        return 1
    joiner = PdfJoiner(out)
    for chunk in chain((first, following), _chunks(iterator, chunk_size)):
        buffer = io.BytesIO()
        render(chunk, buffer)
        joiner.add(buffer.getvalue())
    joiner.close()
    return joiner.pieces


def _chunks(iterator, size):
    while chunk := list(islice(iterator, size)):
        yield chunk


class PdfJoiner:
    """Appends ReportLab PDFs to one output file, page after page."""

    def __init__(self, out):
        self.out = out
        self.start = out.tell()
        self.offsets = {}  # new object number -> offset from self.start
        self.next_id = INFO_ID + 1
        self.kids = []
        self.info = None
        self.pieces = 0
        self.digest = hashlib.md5(usedforsecurity=False)
        self._write(b"%PDF-1.4\n%\x93\x8c\x8b\x9e\n")

    def _write(self, data):
        self.out.write(data)
        self.digest.update(data)

    def _position(self):
        return self.out.tell() - self.start

    def add(self, pdf: bytes):
        objects, root, info = _parse(pdf)
        pages = int(_PAGES.search(objects[root]).group(1))
        kids = [int(n) for n in _REF.findall(_KIDS.search(objects[pages]).group(1))]
        skip = {root, info, pages}
        numbers = {old: None for old in sorted(objects) if old not in skip}
        for old in numbers:
            numbers[old] = self.next_id
            self.next_id += 1
        numbers[pages] = PAGES_ID
        if self.info is None and info in objects:
            self.info = objects[info]
        tag = _piece_tag(self.pieces)
        for old, new in numbers.items():
            if old == pages:
                continue
            self.offsets[new] = self._position()
            self._write(b"%d 0 obj\n" % new + _renumber(objects[old], numbers, tag) + b"\nendobj\n")
        self.kids.extend(numbers[kid] for kid in kids)
        self.pieces += 1

    def close(self):
        kids = b" ".join(b"%d 0 R" % kid for kid in self.kids)
        tail = {
            PAGES_ID: b"<< /Count %d /Kids [ %s ] /Type /Pages >>" % (len(self.kids), kids),
            CATALOG_ID: b"<< /PageMode /UseNone /Pages %d 0 R /Type /Catalog >>" % PAGES_ID,
            INFO_ID: self.info or b"<< >>",
        }
        for number, body in tail.items():
            self.offsets[number] = self._position()
            self._write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
        xref_at = self._position()
        size = self.next_id
        lines = [b"xref\n0 %d\n0000000000 65535 f \n" % size]
        lines += [b"%010d 00000 n \n" % self.offsets[n] for n in range(1, size)]
        file_id = self.digest.hexdigest().encode()
        lines.append(b"trailer\n<< /ID [<%s><%s>] /Info %d 0 R /Root %d 0 R /Size %d >>\nstartxref\n%d\n%%%%EOF\n"
                     % (file_id, file_id, INFO_ID, CATALOG_ID, size, xref_at))
        self.out.write(b"".join(lines))


def _parse(pdf):
    """({object number: body}, root number, info number) of a ReportLab PDF."""
    startxref = int(_STARTXREF.search(pdf, len(pdf) - 64).group(1))
    head = _XREF_HEAD.match(pdf, startxref)
    count = int(head.group(1))
    entries = _XREF_ENTRY.finditer(pdf, head.end())
    offsets = {}
    for number in range(count):
        entry = next(entries)
        if entry.group(3) == b"n":
            offsets[number] = int(entry.group(1))
    trailer = pdf[entry.end():]
    # Objects lie back to back: each ends where the next begins (never search
    # binary stream data for "endobj").
    ordered = sorted(offsets.items(), key=lambda item: item[1])
    ends = [offset for _number, offset in ordered[1:]] + [startxref]
    objects = {}
    for (number, offset), end in zip(ordered, ends):
        body_start = _OBJ_HEAD.match(pdf, offset).end()
        body = pdf[body_start:end].rstrip()
        if not body.endswith(b"endobj"):
            raise ValueError(f"object {number} does not end with endobj")
        objects[number] = body[:-6].rstrip()
    info = _INFO.search(trailer)
    return objects, int(_ROOT.search(trailer).group(1)), int(info.group(1)) if info else None


def _renumber(body, numbers, tag):
    """Rewrite references (and font subset tags) in the dictionary part only; stream bytes stay as they are."""
    match = _STREAM.search(body)
    head, stream = (body[:match.start()], body[match.start():]) if match else (body, b"")
    head = _REF.sub(lambda m: b"%d 0 R" % numbers[int(m.group(1))], head)
    # Every piece names its subsets AAAAAA+…; printers that cache fonts by name
    # must not take one piece's glyphs for another's.
    head = _SUBSET_TAG.sub(lambda m: b"/" + tag + m.group(1)[3:] + b"+", head)
    return head + stream


def _piece_tag(index):
    letters = []
    for _ in range(3):
        index, rest = divmod(index, 26)
        letters.append(65 + rest)
    return bytes(letters)
