"""Runs a command once and prints its wall time and CPU time (user + system) in
milliseconds and its peak resident memory in KiB: `python3 bench/measure.py CMD ARGS...`.

CPU time is what bench/compare.sh compares: on cores shared with other work, a process's
wall time grows with the load, its CPU time much less. The peak memory comes from GNU time
(/usr/bin/time), a small parent, because a child's peak counts the memory of the process it
was forked from (this Python) until it runs the command. Output and errors are discarded.
"""

import os
import sys
import tempfile
import time

with tempfile.NamedTemporaryFile(mode="r") as peak:
    devnull = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_WRONLY, 0) for fd in (1, 2)]
    start = time.perf_counter()
    pid = os.posix_spawn(
        "/usr/bin/time",
        ["/usr/bin/time", "-f", "%M", "-o", peak.name, *sys.argv[1:]],
        os.environ,
        file_actions=devnull,
    )
    # The rusage of /usr/bin/time includes the command's, which it waited for.
    _, _, usage = os.wait4(pid, 0)
    wall = (time.perf_counter() - start) * 1000
    kib = peak.read().split()[-1]
cpu = (usage.ru_utime + usage.ru_stime) * 1000
print(f"{wall:.1f} {cpu:.1f} {kib}")
