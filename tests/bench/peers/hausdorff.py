"""Peer for hausdorff: the exact 3D Hausdorff distance with scipy.spatial.cKDTree over the
foreground voxels (the faster of the usual Python methods).

Usage: hausdorff.py A.raw B.raw DEPTH HEIGHT WIDTH REPEATS
Prints `hausdorff.peer <median ms> ms` and `hausdorff.value.peer <distance> voxels`.
"""
import sys
import time

import numpy as np
from scipy.spatial import cKDTree


def hausdorff(a, b):
    pa, pb = np.argwhere(a), np.argwhere(b)
    d_ab = cKDTree(pb).query(pa, k=1, workers=1)[0].max()
    d_ba = cKDTree(pa).query(pb, k=1, workers=1)[0].max()
    return max(d_ab, d_ba)


def main():
    shape = tuple(int(x) for x in sys.argv[3:6])
    repeats = int(sys.argv[6])
    a = np.fromfile(sys.argv[1], dtype=np.uint8).reshape(shape)
    b = np.fromfile(sys.argv[2], dtype=np.uint8).reshape(shape)
    value = hausdorff(a, b)  # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        value = hausdorff(a, b)
        times.append((time.perf_counter() - start) * 1000.0)
    print(f"hausdorff.peer {np.median(times):.3f} ms")
    print(f"hausdorff.value.peer {value:.9f} voxels")


if __name__ == "__main__":
    main()
