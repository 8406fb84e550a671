"""matmul_precision: the TF32 switch set for a block and restored exactly, in every start state.

torch >= 2.9 keeps two copies of one setting (the legacy allow_tf32 / float32_matmul_precision
and the new fp32_precision strings) and raises when legacy code reads them while they disagree;
torch.compile's guards are such code. The flags exist in CPU builds too, so this runs here.
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Callable, Iterator

import pytest
import torch

from torch101.fast.precision import matmul_precision

B = torch.backends
pytestmark = pytest.mark.skipif(
    not hasattr(B.cuda.matmul, "fp32_precision"), reason="torch < 2.9 has only the legacy flag"
)


def _read(get: Callable[[], object]) -> object:
    try:
        return get()
    except RuntimeError:
        return "raises"


def snapshot() -> dict[str, object]:
    """Every value a user could read, legacy getters included (or the fact that they raise)."""
    state: dict[str, object] = {
        "legacy": _read(torch.get_float32_matmul_precision),
        "allow_tf32": _read(lambda: B.cuda.matmul.allow_tf32),
        "generic": B.fp32_precision,
    }
    for name, level in (
        ("cuda.matmul", B.cuda.matmul),
        ("mkldnn.matmul", getattr(B.mkldnn, "matmul", None)),
        ("mkldnn.conv", getattr(B.mkldnn, "conv", None)),
        ("cudnn.conv", getattr(B.cudnn, "conv", None)),
    ):
        if hasattr(level, "fp32_precision"):
            state[name] = level.fp32_precision
    return state


def effective_tf32() -> bool:
    """What cuBLAS reads: the matmul string, else the generic one it inherits; "none" is IEEE."""
    value = B.cuda.matmul.fp32_precision
    if value == "none":
        value = B.fp32_precision
    return value == "tf32"


def _default() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.set_float32_matmul_precision("highest")
        B.fp32_precision = "none"
        B.cuda.matmul.fp32_precision = "none"
        if hasattr(getattr(B.mkldnn, "matmul", None), "fp32_precision"):
            B.mkldnn.matmul.fp32_precision = "none"


@pytest.fixture(autouse=True)
def default_state() -> Iterator[None]:
    _default()
    yield
    _default()


def _set(**values: str) -> Callable[[], None]:
    def apply() -> None:
        for path, value in values.items():
            obj = B
            for part in path.split("__")[:-1]:
                obj = getattr(obj, part)
            setattr(obj, path.split("__")[-1], value)

    return apply


START_STATES: dict[str, Callable[[], None]] = {
    "default": lambda: None,
    "legacy high": lambda: torch.set_float32_matmul_precision("high"),
    "legacy medium": lambda: torch.set_float32_matmul_precision("medium"),
    "legacy allow_tf32": _set(cuda__matmul__allow_tf32=True),  # type: ignore[arg-type]
    "new api tf32 only (mixed)": _set(cuda__matmul__fp32_precision="tf32"),
    "new api ieee after legacy high (mixed)": lambda: (
        torch.set_float32_matmul_precision("high"),
        _set(cuda__matmul__fp32_precision="ieee")(),
    ),
    "generic tf32": _set(fp32_precision="tf32"),
}


@pytest.mark.parametrize("start", START_STATES)
@pytest.mark.parametrize("precision", ["fp32", "tf32", "bf16"])
def test_block_sets_both_apis_and_restores_everything(start: str, precision: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        START_STATES[start]()
        before = snapshot()
        with matmul_precision(precision):
            inside = snapshot()
            tf32 = effective_tf32()
    assert tf32 == (precision == "tf32")
    # Consistent inside: the legacy flag reads (no "mixed APIs" error) and agrees.
    assert inside["allow_tf32"] == (precision == "tf32")
    assert snapshot() == before


@pytest.mark.parametrize("start", START_STATES)
def test_restored_after_an_exception(start: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        START_STATES[start]()
        before = snapshot()
        with pytest.raises(KeyError), matmul_precision("tf32"):
            raise KeyError("boom")
        assert snapshot() == before


def test_nested_blocks_restore_the_outer_setting() -> None:
    with matmul_precision("fp32"):
        with matmul_precision("tf32"):
            assert effective_tf32()
        assert not effective_tf32() and B.cuda.matmul.allow_tf32 is False
    assert snapshot()["cuda.matmul"] == "none"  # the default, untouched


def test_no_deprecation_notice_escapes() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with matmul_precision("tf32"):
            pass
        with matmul_precision("fp32"):
            pass
    assert not [w for w in caught if "TF32" in str(w.message)]


def test_threads_never_see_each_others_setting() -> None:
    errors: list[str] = []

    def worker(precision: str) -> None:
        for _ in range(200):
            with matmul_precision(precision):
                if effective_tf32() != (precision == "tf32"):
                    errors.append(precision)

    threads = [threading.Thread(target=worker, args=(p,)) for p in ("fp32", "tf32") * 2]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert snapshot()["cuda.matmul"] == "none"


@pytest.mark.parametrize("start", START_STATES)
def test_restored_when_setting_fails_halfway(start: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Regression: the setters ran before the try whose finally restores, so a failure between
    # them (here the check after the legacy setter) left TF32 changed for the process.
    from torch101.fast import precision

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        START_STATES[start]()
        before = snapshot()
        if before["allow_tf32"] is True and effective_tf32():
            pytest.skip("already TF32: the block changes nothing")
        calls = iter(range(100))
        real = precision._new_api_tf32

        def fails_after_setting() -> bool:
            if next(calls) >= 1:  # the first call decides whether to set; the next one fails
                raise RuntimeError("setter failed")
            return real()

        monkeypatch.setattr(precision, "_new_api_tf32", fails_after_setting)
        with pytest.raises(RuntimeError, match="setter failed"), matmul_precision("tf32"):
            pass
        monkeypatch.setattr(precision, "_new_api_tf32", real)
        assert snapshot() == before
