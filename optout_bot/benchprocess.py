"""What the benchmark measures of processes: CPU time and peak memory (PSS) of the tool
and of every browser process it starts, read from ``/proc``, and the machine it ran on."""

from __future__ import annotations

import os
import platform as platform_info
import subprocess
import sys
import threading
from pathlib import Path


# ---------------------------------------------------------------------- memory
def _children_by_parent() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])  # the name may hold spaces
        children.setdefault(ppid, []).append(int(entry))
    return children


def descendants(pid: int) -> list[int]:
    """Every process started by ``pid``, its children's children included."""
    children = _children_by_parent()
    found, todo = [], list(children.get(pid, []))
    while todo:
        child = todo.pop()
        found.append(child)
        todo.extend(children.get(child, []))
    return found


def _proc_kb(pid: int, file: str, key: str) -> int:
    """A ``Key: N kB`` figure of /proc/PID/FILE, 0 when the process is gone."""
    try:
        for line in Path(f"/proc/{pid}/{file}").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def own_peak_mb() -> float:
    """This process's peak resident memory so far (sandbox servers included)."""
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _cpu_ticks(pid: int) -> tuple[tuple[int, int], int] | None:
    """((pid, start time), user + system clock ticks) of a process, None when gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (pid, int(fields[19])), int(fields[11]) + int(fields[12])
    except (OSError, ValueError, IndexError):
        return None


class ProcessSampler:
    """Every 100 ms: memory and CPU time of every process this one started.

    Memory is summed as VmRSS and as PSS (which splits pages shared between processes, so
    Chromium's shared code counts once); the peaks are kept. CPU time is the last value
    seen of each process (a process's last 100 ms may be missed).
    """

    def __init__(self, interval: float = 0.1):
        self.interval = interval
        self.available = Path("/proc/self/stat").is_file()
        self.peak_kb = 0
        self.peak_pss_kb = 0
        self.peak_processes = 0
        self._ticks: dict[tuple[int, int], int] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def sample(self) -> None:
        if not self.available:
            return
        pids = descendants(os.getpid())
        rss = pss = 0
        ticks = {}
        for pid in pids:
            rss += _proc_kb(pid, "status", "VmRSS")
            pss += _proc_kb(pid, "smaps_rollup", "Pss")
            seen = _cpu_ticks(pid)
            if seen is not None:
                ticks[seen[0]] = seen[1]
        with self._lock:
            self._ticks.update(ticks)
            if rss > self.peak_kb:
                self.peak_kb, self.peak_processes = rss, len(pids)
            self.peak_pss_kb = max(self.peak_pss_kb, pss)

    def reset_peak(self) -> None:
        """Forget the peaks so far: the next ones are of what runs from now on."""
        with self._lock:
            self.peak_kb = self.peak_pss_kb = self.peak_processes = 0

    def children_cpu_seconds(self) -> float:
        with self._lock:
            return sum(self._ticks.values()) / os.sysconf("SC_CLK_TCK")

    @property
    def peak_mb(self) -> float:
        return self.peak_kb / 1024

    @property
    def peak_pss_mb(self) -> float:
        return self.peak_pss_kb / 1024

    def __enter__(self) -> ProcessSampler:
        if self.available:
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.available:
            self._stop.set()
            self._thread.join()


def cpu_seconds(sampler: ProcessSampler) -> float:
    """CPU time (user + system) used so far by this process and the processes it started.

    This process also serves the replicas, so their work is counted too. Without /proc,
    children count only once the kernel has reaped them (Chromium's helpers often are not).
    """
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    own = resource.getrusage(resource.RUSAGE_SELF)
    if sampler.available:
        sampler.sample()
        return own.ru_utime + own.ru_stime + sampler.children_cpu_seconds()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


# ---------------------------------------------------------------------- the machine
def machine() -> dict[str, str]:
    from optout_bot.browser import find_browser

    memory = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    except OSError:
        pass
    try:
        browser = find_browser(headed=False)  # the browser the figures ran in
        version = (subprocess.run([browser, "--version"], capture_output=True, text=True,
                                  timeout=30).stdout.strip() if browser
                   else "Playwright's own Chromium")
    except Exception as exc:  # noqa: BLE001 - the figures still print without it
        version = f"unknown ({exc})"
    cpu = platform_info.processor() or platform_info.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cores": str(os.cpu_count()), "cpu": cpu, "memory": memory,
            "system": f"{platform_info.system()} {platform_info.release()}",
            "python": platform_info.python_version(), "chromium": version}


def machine_lines(facts: dict) -> list[str]:
    """The "Machine" heading of a benchmark's figures: cores, memory, system, versions."""
    return ["## Machine", "",
            f"- {facts['cores']} cores ({facts['cpu']}), {facts['memory']} memory, "
            f"{facts['system']}",
            f"- Python {facts['python']}, {facts['chromium']}"]
