"""The environment a benchmark ran in, recorded next to every result."""

from __future__ import annotations

import os
import platform
import re
import subprocess
from pathlib import Path
from typing import Any

__all__ = ["blas_info", "cpu_model", "environment", "gpu_info", "machine_summary"]


def cpu_model() -> str:
    """The CPU's marketing name from /proc/cpuinfo, else what platform knows."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _cgroup_cpus() -> float | None:
    """The container's CPU quota in cores (cgroup v2 cpu.max), if one is set."""
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()
    except (OSError, ValueError):
        return None
    return None if quota == "max" else int(quota) / int(period)


def blas_info(config: str) -> dict[str, str]:
    """BLAS/LAPACK/MKL/oneDNN/OpenMP lines of torch.__config__.show()."""
    info: dict[str, str] = {}
    for key in ("BLAS_INFO", "LAPACK_INFO", "USE_MKL", "USE_MKLDNN", "USE_OPENMP"):
        match = re.search(rf"\b{key}=([^,\s]+)", config)
        if match:
            info[key] = match.group(1)
    for label, pattern in (
        ("mkl", r"Math Kernel Library Version ([^\n]+)"),
        ("onednn", r"MKL-DNN v([^\s]+)"),
        ("openmp", r"OpenMP (\d+)"),
        ("cpu_capability", r"CPU capability usage: (\w+)"),
    ):
        match = re.search(pattern, config)
        if match:
            info[label] = match.group(1).strip()
    return info


def gpu_info() -> dict[str, Any] | None:
    """Name, memory, SMs of the current CUDA device and the driver/PCIe link from nvidia-smi."""
    import torch

    if not torch.cuda.is_available():
        return None
    props = torch.cuda.get_device_properties(torch.cuda.current_device())
    info: dict[str, Any] = {
        "name": props.name,
        "capability": f"{props.major}.{props.minor}",
        "memory_GiB": round(props.total_memory / 2**30, 1),
        "multiprocessors": props.multi_processor_count,
        "cuda_runtime": torch.version.cuda,
    }
    fields = "driver_version,pcie.link.gen.current,pcie.link.width.current,clocks.sm,clocks.mem"
    try:
        out = subprocess.run(
            ["nvidia-smi", f"--query-gpu={fields}", "--format=csv,noheader"],
            capture_output=True,
            text=True,
            timeout=20,
        )
        values = [v.strip() for v in out.stdout.splitlines()[0].split(",")]
        info.update(zip(("driver", "pcie_gen", "pcie_width", "sm_clock", "mem_clock"), values))
    except (OSError, IndexError, subprocess.SubprocessError):
        info["driver"] = "unknown (nvidia-smi not available)"
    return info


def environment() -> dict[str, Any]:
    """Everything needed to interpret a timing: software, threads, BLAS, CPU, GPU."""
    import torch

    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    matmul = torch.backends.cuda.matmul
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "torch": torch.__version__,
        "torch_cuda": torch.version.cuda,
        "cpu": cpu_model(),
        "logical_cpus": os.cpu_count(),
        "cpus_allowed": affinity,
        "cgroup_cpu_quota": _cgroup_cpus(),
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        "torch_threads": torch.get_num_threads(),
        "torch_interop_threads": torch.get_num_interop_threads(),
        "blas": blas_info(torch.__config__.show()),
        "float32_matmul_precision": torch.get_float32_matmul_precision(),
        "cuda_matmul_fp32_precision": getattr(matmul, "fp32_precision", None),
        "gpu": gpu_info(),
    }


def machine_summary(env: dict[str, Any]) -> str:
    """One line: the card (if any), the CPU, its threads and how busy it was."""
    cpu = f"{env['cpu']}, {env['torch_threads']} torch threads ({env['logical_cpus']} logical CPUs)"
    if env.get("load_average"):
        cpu += f", load {env['load_average'][0]:.1f}"
    gpu = env.get("gpu")
    if not gpu:
        return f"CPU only: {cpu}"
    return f"{gpu['name']} (driver {gpu.get('driver', '?')}), host {cpu}"
