"""Peer for rle_decode / rle_encode: the numpy implementation found in most notebooks of the
UW-Madison GI Tract competition (row-major, 1-indexed).

Usage: rle.py MASKS_TSV REPEATS   (TSV lines: height, width, rle)
Prints `rle_decode.peer <masks/s> masks/s` and `rle_encode.peer <masks/s> masks/s`.
"""
import sys
import time

import numpy as np


def rle_decode(mask_rle, shape):
    s = mask_rle.split()
    starts, lengths = [np.asarray(x, dtype=int) for x in (s[0:][::2], s[1:][::2])]
    starts -= 1
    ends = starts + lengths
    img = np.zeros(shape[0] * shape[1], dtype=np.uint8)
    for lo, hi in zip(starts, ends):
        img[lo:hi] = 1
    return img.reshape(shape)


def rle_encode(img):
    pixels = img.flatten()
    pixels = np.concatenate([[0], pixels, [0]])
    runs = np.where(pixels[1:] != pixels[:-1])[0] + 1
    runs[1::2] -= runs[::2]
    return " ".join(str(x) for x in runs)


def best_rate(fn, items, repeats):
    fn(items[: min(50, len(items))])  # warm-up
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn(items)
        best = min(best, time.perf_counter() - start)
    return len(items) / best


def main():
    path, repeats = sys.argv[1], int(sys.argv[2])
    items = []
    with open(path) as f:
        for line in f:
            h, w, rle = line.rstrip("\n").split("\t")
            items.append((rle, (int(h), int(w))))
    masks = [rle_decode(r, s) for r, s in items]
    assert all(rle_encode(m) == r for m, (r, _) in zip(masks, items)), "peer round trip failed"
    def decode_all(xs):
        for r, s in xs:  # each mask dropped before the next, as the C++ side does
            rle_decode(r, s)

    def encode_all(ms):
        for m in ms:
            rle_encode(m)

    decode_rate = best_rate(decode_all, items, repeats)
    encode_rate = best_rate(encode_all, masks, repeats)
    print(f"rle_decode.peer {decode_rate:.1f} masks/s")
    print(f"rle_encode.peer {encode_rate:.1f} masks/s")


if __name__ == "__main__":
    main()
