"""Shared by the reference scripts: timing, peak memory and the JSON line each script prints."""
import json
import resource
import sys
import time

START = time.perf_counter()


def peak_rss_mb():
    """Peak resident set size of this process (threads included) and of any finished child, in MiB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def report(work, **figures):
    """Prints one JSON line: the work done, wall seconds since start-up, peak RSS and the script's figures."""
    out = {"work": work, "wallS": round(time.perf_counter() - START, 3), "peakRssMb": round(peak_rss_mb(), 1)}
    out.update(figures)
    print(json.dumps(out))
    sys.stdout.flush()
