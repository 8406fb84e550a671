"""The chunk plan of mm_offload: pure Python, so it is testable without a GPU.

y = x @ w with x (m, k) and w (k, n) is cut into row pieces of x and column pieces of w. Each
piece is uploaded once and stays on the GPU; tile (i, j) of y is x_i @ w_j. Uploads alternate
between the operands (a wavefront), so that the first tiles can start after a small fraction of
the bytes has arrived and the rest of the uploads hide under their compute:

    x0, w0 -> tile(0,0); x1 -> tile(1,0); w1 -> tile(0,1), tile(1,1); x2 -> ...

With one column piece (chunks=n) this is the classic row pipeline: w whole, x in n row chunks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = [
    "GPU_MIN_FLOP",
    "GPU_MIN_INTENSITY",
    "MAX_PIECES",
    "TARGET_PIECE_BYTES",
    "OffloadPlan",
    "Tile",
    "Upload",
    "plan_offload",
    "should_offload",
    "split",
]

# Below these the CPU wins (anchor: a 16-core host vs an H200, torch101 bench crossover). At
# n = 512 the CPU won a square matmul end to end, at n = 1024 the GPU did: the cut sits between.
GPU_MIN_FLOP = 2 * 768**3
# Flops per byte moved over PCIe: a 1.6 TFLOP/s CPU against ~25 GB/s of staged transfers breaks
# even near 64; tall-skinny products below it are copy-bound and faster on the CPU.
GPU_MIN_INTENSITY = 64.0

# Default piece size: about four pieces per operand of a 10000 x 10000 float32 matrix. Larger
# pieces keep each tile's GEMM big enough to fill the GPU; smaller ones start the compute sooner.
# Tiles of y are held to the same size: three are in flight, each in GPU and pinned memory.
TARGET_PIECE_BYTES = 100 * 2**20
MAX_PIECES = 16


@dataclass(frozen=True)
class Upload:
    """Copy piece `index` of operand "x" (rows start:stop) or "w" (columns start:stop)."""

    operand: str
    index: int
    start: int
    stop: int


@dataclass(frozen=True)
class Tile:
    """Compute y[rows of x piece `row`, columns of w piece `col`]."""

    row: int
    col: int


@dataclass(frozen=True)
class OffloadPlan:
    m: int
    k: int
    n: int
    rows: tuple[tuple[int, int], ...]  # (start, stop) of each x piece
    cols: tuple[tuple[int, int], ...]  # (start, stop) of each w piece
    steps: tuple[Upload | Tile, ...]  # issue order

    @property
    def tiles(self) -> tuple[Tile, ...]:
        return tuple(s for s in self.steps if isinstance(s, Tile))

    @property
    def uploads(self) -> tuple[Upload, ...]:
        return tuple(s for s in self.steps if isinstance(s, Upload))

    def piece_elements(self, upload: Upload) -> int:
        return (upload.stop - upload.start) * self.k  # rows of x or columns of w, k long

    def tile_elements(self, tile: Tile) -> int:
        r0, r1 = self.rows[tile.row]
        c0, c1 = self.cols[tile.col]
        return (r1 - r0) * (c1 - c0)

    def describe(self, itemsize: int) -> dict[str, object]:
        """Sizes a person can read: pieces, tiles and staging bytes."""
        return {
            "shape": f"({self.m} x {self.k}) @ ({self.k} x {self.n})",
            "x_pieces": len(self.rows),
            "w_pieces": len(self.cols),
            "tiles": len(self.tiles),
            "largest_piece_MB": max(map(self.piece_elements, self.uploads)) * itemsize / 1e6,
            "largest_tile_MB": max(map(self.tile_elements, self.tiles)) * itemsize / 1e6,
        }


def split(total: int, parts: int) -> tuple[tuple[int, int], ...]:
    """Cut range(total) into at most `parts` runs of ceil(total / parts), the last one ragged."""
    if total < 1 or parts < 1:
        raise ValueError(f"split: need total >= 1 and parts >= 1, got total={total}, parts={parts}")
    size = math.ceil(total / min(parts, total))
    return tuple((start, min(start + size, total)) for start in range(0, total, size))


def should_offload(m: int, k: int, n: int, itemsize: int) -> bool:
    """Whether the GPU can beat the CPU on x (m, k) @ w (k, n), CPU tensors in and out."""
    flop = 2 * m * k * n
    moved = (m * k + k * n + m * n) * itemsize
    return flop >= GPU_MIN_FLOP and moved > 0 and flop / moved >= GPU_MIN_INTENSITY


def _pieces(nbytes: int, limit: int) -> int:
    return max(1, min(limit, MAX_PIECES, math.ceil(nbytes / TARGET_PIECE_BYTES)))


def plan_offload(
    m: int,
    k: int,
    n: int,
    *,
    itemsize: int,
    chunks: int | tuple[int, int] | None = None,
    w_whole: bool = False,
) -> OffloadPlan:
    """Plan y = x @ w for x (m, k), w (k, n), all >= 1.

    chunks: None picks pieces of about TARGET_PIECE_BYTES per operand, then cuts further until
    the tiles of y are about that size too (at most MAX_PIECES per side); an int c cuts x into
    c row chunks and keeps w whole; a pair (a, b) cuts x into a row pieces and w into b column
    pieces. Counts are clamped to the rows and columns there are. w_whole keeps w in one piece
    when chunks is None and the tiles allow it (mm_offload sets it for pinned w, which uploads
    without staging).
    """
    if min(m, k, n) < 1:
        raise ValueError(f"plan_offload: need m, k, n >= 1, got m={m}, k={k}, n={n}")
    if chunks is None:
        a = _pieces(m * k * itemsize, m)
        b = 1 if w_whole else _pieces(k * n * itemsize, n)
        a, b = _bound_tiles(m, n, a, b, itemsize=itemsize, w_whole=w_whole)
    elif isinstance(chunks, int):
        a, b = chunks, 1
    else:
        a, b = chunks
    rows, cols = split(m, a), split(n, b)
    return OffloadPlan(m, k, n, rows, cols, _wavefront(rows, cols))


def _bound_tiles(
    m: int, n: int, a: int, b: int, *, itemsize: int, w_whole: bool
) -> tuple[int, int]:
    """Cut the tiles' longer side further while a tile of y exceeds TARGET_PIECE_BYTES.

    Pieces sized by the operands alone can leave huge output tiles: x (1e5 x 256) @ w (256 x 1e5)
    is two 100 MB operands but one 40 GB tile of y. A pinned w (w_whole) stays in one piece
    while x can still be cut.
    """
    while math.ceil(m / a) * math.ceil(n / b) * itemsize > TARGET_PIECE_BYTES:
        more_a, more_b = a < min(m, MAX_PIECES), b < min(n, MAX_PIECES)
        if not (more_a or more_b):
            break
        if more_a and (w_whole or not more_b or math.ceil(m / a) >= math.ceil(n / b)):
            a += 1
        else:
            b += 1
    return a, b


def _wavefront(
    rows: tuple[tuple[int, int], ...], cols: tuple[tuple[int, int], ...]
) -> tuple[Upload | Tile, ...]:
    """Alternate uploads by the fraction of each operand already sent; emit tiles when ready."""
    a, b = len(rows), len(cols)
    steps: list[Upload | Tile] = []
    got_x = got_w = 0
    while got_x < a or got_w < b:
        if got_w == b or (got_x < a and got_x * b <= got_w * a):
            steps.append(Upload("x", got_x, *rows[got_x]))
            steps.extend(Tile(got_x, j) for j in range(got_w))
            got_x += 1
        else:
            steps.append(Upload("w", got_w, *cols[got_w]))
            steps.extend(Tile(i, got_w) for i in range(got_x))
            got_w += 1
    return tuple(steps)
