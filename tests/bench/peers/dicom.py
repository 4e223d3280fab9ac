"""Peer for bench_dicom: pydicom reading a DICOM series the way a Python pipeline does.

Usage: dicom.py load SERIES_DIR THREADS REPEATS   -> dicom_load.peer <median ms> ms
       dicom.py index ROOT THREADS REPEATS        -> dicom_index.peer <median ms> ms
load: every file read with dcmread, sorted along the slice normal, pixel_array stacked into one
uint16 volume. index: every file under ROOT read with stop_before_pixels=True and grouped by
Series Instance UID (the header-only pass a dataset index needs). Both timed in-process after a
warm-up run, the files spread over a thread pool of THREADS workers, as GI Review spreads them.
"""
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pydicom


def files_under(root):
    return sorted(os.path.join(d, n) for d, _, names in os.walk(root) for n in names)


def load(files, pool):
    datasets = list(pool.map(pydicom.dcmread, files))
    row = np.array([float(v) for v in datasets[0].ImageOrientationPatient[:3]])
    col = np.array([float(v) for v in datasets[0].ImageOrientationPatient[3:]])
    normal = np.cross(row, col)
    datasets.sort(key=lambda ds: float(np.dot([float(v) for v in ds.ImagePositionPatient], normal)))
    return np.stack(list(pool.map(lambda ds: ds.pixel_array, datasets)))


def index(files, pool):
    series = {}
    for ds in pool.map(lambda f: pydicom.dcmread(f, stop_before_pixels=True), files):
        series.setdefault(ds.SeriesInstanceUID, []).append(ds)
    return series


def main():
    mode, root, threads, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    files = files_under(root)
    pool = ThreadPoolExecutor(threads)
    run = load if mode == "load" else index
    result = run(files, pool)  # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run(files, pool)
        times.append((time.perf_counter() - start) * 1000.0)
    name = f"dicom_{mode}" + (".1thread" if threads == 1 else "")
    print(f"{name}.peer {np.median(times):.3f} ms")
    if mode == "load":
        print(f"checksum.peer {int(result.astype(np.uint64).sum())}")
    else:
        print(f"series.peer {len(result)}")


if __name__ == "__main__":
    main()
