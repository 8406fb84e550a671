"""The pinned staging pool, with an ordinary-memory allocator standing in for pinning."""

from __future__ import annotations

import threading

import torch

from torch101.fast.pool import PinnedPool, as_view


def make_pool(**kwargs: int) -> PinnedPool:
    return PinnedPool(allocate=lambda n: torch.empty(n, dtype=torch.uint8), **kwargs)


def test_buffers_are_reused_across_leases() -> None:
    pool = make_pool()
    with pool.lease([1000, 5 * 2**20, 0]) as first:
        ptrs = {b.data_ptr() for b in first if b is not None}
        assert first[2] is None
        assert first[0].numel() >= 1000 and first[1].numel() >= 5 * 2**20
    with pool.lease([900, 5 * 2**20]) as second:
        assert {b.data_ptr() for b in second if b is not None} == ptrs
    assert pool.allocations == 2


def test_a_larger_request_allocates_and_the_smallest_fit_is_chosen() -> None:
    pool = make_pool()
    with pool.lease([10, 3 * 2**20]):
        pass
    assert pool.allocations == 2
    small = pool.acquire(1)
    assert small.numel() == 4096  # the smaller of the two: 10 bytes rounded up to a page
    pool.release(small)
    big = pool.acquire(9 * 2**20)
    assert pool.allocations == 3 and big.numel() == 16 * 2**20  # the next power of two


def test_released_bytes_are_capped() -> None:
    pool = make_pool(max_cached_bytes=4 * 2**20 + 2**19)
    with pool.lease([2**20, 4 * 2**20]):
        pass
    assert pool.cached_bytes == 4 * 2**20  # the smaller buffer was dropped


def test_concurrent_leases_never_share_a_buffer() -> None:
    pool = make_pool()
    barrier = threading.Barrier(4)
    held: list[set[int]] = []
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(20):
            with pool.lease([2**20, 2**20]) as bufs:
                barrier.wait()  # all four threads hold their buffers at once
                with lock:
                    held.append({b.data_ptr() for b in bufs if b is not None})
                barrier.wait()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for i in range(0, len(held), 4):
        group = held[i : i + 4]
        assert len(set().union(*group)) == 8  # 4 leases x 2 buffers, all distinct
    assert pool.allocations == 8


def test_as_view_shares_the_buffer_memory() -> None:
    buf = torch.zeros(64, dtype=torch.uint8)
    view = as_view(buf, torch.float32, (2, 3))
    assert view.shape == (2, 3) and view.dtype == torch.float32 and view.is_contiguous()
    view.fill_(1.0)
    assert buf[:24].view(torch.float32).tolist() == [1.0] * 6
    assert buf[24:].sum().item() == 0
    assert as_view(buf, torch.float64, (0, 5)).shape == (0, 5)


def test_sizes_are_rounded_as_pytorch_pins_them() -> None:
    pool = make_pool()
    for asked, expected in [
        (1, 4096),
        (4096, 4096),
        (4097, 8192),
        (382 * 10**6, 2**29),
        (2**29, 2**29),
    ]:
        buffer = pool.acquire(asked)
        assert buffer.numel() == expected, asked
