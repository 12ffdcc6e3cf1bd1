"""QR module matrices from `qrcode`, with its mask search made fast enough for bulk badges."""

import functools
import operator

import qrcode
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_L, ERROR_CORRECT_M, ERROR_CORRECT_Q
from qrcode.util import mask_func

ERROR_CORRECTION = {
    "L": ERROR_CORRECT_L,
    "M": ERROR_CORRECT_M,
    "Q": ERROR_CORRECT_Q,
    "H": ERROR_CORRECT_H,
}


@functools.lru_cache(maxsize=32)
def qr_matrix(data, error_correction="M"):
    """Rows of booleans (True = dark) for `data`, without a quiet zone (read-only tuples).

    Digits-only or uppercase alphanumeric strings (0-9 A-Z space $%*+-./:)
    are encoded in qrcode's numeric or alphanumeric mode, which gives a
    smaller symbol than bytes. Cached briefly: one ticket's QR is drawn in its
    PDF and as the e-mail's inline picture.
    """
    qr = _FastMaskQRCode(error_correction=ERROR_CORRECTION[error_correction], border=0)
    qr.add_data(data)
    qr.make(fit=True)
    return tuple(tuple(row) for row in qr.get_matrix())


class _FastMaskQRCode(qrcode.QRCode):
    """qrcode's encoder, choosing the same mask about four times faster overall.

    Stock qrcode places the data eight times and scores every placement cell
    by cell in Python: ~7 ms for a version-6 symbol, more than a whole badge
    page may take. Here the data is placed once; each mask is derived from it
    by XOR and scored with the same ISO 18004 penalty rules, using shifts on
    all rows (and all columns) packed into one integer.
    """

    def map_data(self, data, mask_pattern):
        # Cells still unset when the data goes in are exactly those a mask flips.
        self._data_area = [bytes(cell is None for cell in row) for row in self.modules]
        super().map_data(data, mask_pattern)

    def best_mask_pattern(self):
        # Test mode leaves format and version bits light, as in qrcode's own
        # search, so the scores (and the chosen mask) match it exactly.
        self.makeImpl(True, 0)
        grid = _grid(self.modules_count)
        rows, columns = _pack_both(self.modules)
        area_rows, area_columns = _pack_both(self._data_area)
        scores = [
            _penalty(rows ^ (flip_rows & area_rows), columns ^ (flip_columns & area_columns), grid)
            for flip_rows, flip_columns in grid.flips
        ]
        return scores.index(min(scores))


class _Grid:
    """Bit masks for one symbol size; line i, cell j is bit i * n + j."""

    def __init__(self, n):
        self.n = n
        self.cells = n * n
        self.full = (1 << self.cells) - 1
        self.pairs = _every_line(n, (1 << (n - 1)) - 1)  # cell j has a right neighbour
        self.blocks = self.pairs & ((1 << (n - 1) * n) - 1)  # ... and a line below
        self.windows = _every_line(n, (1 << (n - 10)) - 1)  # 11 cells fit from j on
        masks = [[[mask_func(k)(i, j) for j in range(n)] for i in range(n)] for k in range(8)]
        # Cells where mask k differs from mask 0, which the one real placement used.
        self.flips = [
            _pack_both([bytes(map(operator.ne, row0, row)) for row0, row in zip(masks[0], mask)])
            for mask in masks
        ]


@functools.lru_cache(maxsize=None)
def _grid(n):
    return _Grid(n)


def _every_line(n, line_bits):
    return sum(line_bits << (i * n) for i in range(n))


_ASCII_BITS = bytes.maketrans(b"\x00\x01", b"01")


def _pack(lines):
    bits = b"".join(bytes(line) for line in lines).translate(_ASCII_BITS)
    return int(bits[::-1], 2)


def _pack_both(matrix):
    return _pack(matrix), _pack(zip(*matrix))


def _penalty(rows, columns, grid):
    dark = rows.bit_count()
    balance = int(abs(dark / grid.cells * 100 - 50) / 5) * 10
    return (
        _runs(rows, grid) + _runs(columns, grid)
        + 3 * _blocks(rows, grid)
        + 40 * (_finder_likes(rows, grid) + _finder_likes(columns, grid))
        + balance
    )


def _runs(lines, grid):
    """Penalty 3 + (L - 5) for each run of L >= 5 same-colour cells in a line."""
    same = (lines ^ (lines >> 1) ^ grid.full) & grid.pairs
    fives = same & (same >> 1) & (same >> 2) & (same >> 3)
    # A run of length L sets L - 4 bits in `fives`, one of them its last:
    # (L - 4) + 2 = 3 + (L - 5).
    return fives.bit_count() + 2 * (fives & ~(fives >> 1)).bit_count()


def _blocks(rows, grid):
    """Number of 2x2 squares of one colour."""
    same_right = rows ^ (rows >> 1) ^ grid.full
    same_below = rows ^ (rows >> grid.n) ^ grid.full
    return (same_right & same_below & (same_below >> 1) & grid.blocks).bit_count()


def _finder_likes(lines, grid):
    """Number of 1011101 patterns with four light cells on either side."""
    light = lines ^ grid.full
    core = (lines & (light >> 1) & (lines >> 2) & (lines >> 3) & (lines >> 4)
            & (light >> 5) & (lines >> 6))
    four_light = light & (light >> 1) & (light >> 2) & (light >> 3)
    light_then_core = four_light & (core >> 4)
    core_then_light = core & (four_light >> 7)
    return ((light_then_core & grid.windows).bit_count()
            + (core_then_light & grid.windows).bit_count())
