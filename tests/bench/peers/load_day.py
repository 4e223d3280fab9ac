"""Peer for load_day: a Python loop of cv2.imread over one case-day, stacked into a uint16 volume.

Usage: load_day.py SCANS_DIR THREADS REPEATS
Prints `load_day.peer <median ms> ms` (or load_day.1thread.peer when THREADS is 1).
Timed in-process after a warm-up; with THREADS > 1 the reads run in a thread pool of that size
(cv2.imread releases the GIL), matching the threads the C++ loader uses.
"""
import glob
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import cv2
import numpy as np


def load(files, pool):
    read = lambda f: cv2.imread(f, cv2.IMREAD_UNCHANGED)
    slices = list(pool.map(read, files)) if pool else [read(f) for f in files]
    return np.stack(slices)


def main():
    scans, threads, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    cv2.setNumThreads(threads)
    files = sorted(glob.glob(os.path.join(scans, "slice_*.png")))
    pool = ThreadPoolExecutor(threads) if threads > 1 else None
    volume = load(files, pool)
    assert volume.dtype == np.uint16 and volume.shape[0] == len(files)
    load(files, pool)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        load(files, pool)
        times.append((time.perf_counter() - start) * 1000.0)
    name = "load_day.peer" if threads > 1 else "load_day.1thread.peer"
    print(f"{name} {np.median(times):.3f} ms")
    print(f"checksum.peer {int(volume.astype(np.uint64).sum())}")


if __name__ == "__main__":
    main()
