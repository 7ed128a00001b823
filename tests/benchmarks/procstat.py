"""Memory of the current process from /proc (Linux), without importing anything heavy."""

from __future__ import annotations


def proc_memory_kb() -> tuple[int, int]:
    """(VmRSS, VmHWM) of this process in kB."""
    values = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0])
    return values["VmRSS"], values["VmHWM"]
