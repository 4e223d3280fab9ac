"""Peer for infer_day: the same pipeline in Python with the identical TorchScript file, card and
inputs: read the case-day's 16-bit PNGs (cv2, a pool of THREADS), normalise by the card's
percentile and clip, letterbox (INTER_AREA, centred), stack the card's channel offsets, run the
network in batches (torch.no_grad, THREADS intra-op threads), sigmoid, resample back (bilinear),
threshold, drop 3D pieces below the card's min_component_voxels (26-connected) and encode every
slice x organ as Kaggle RLE. Warmed up once, then timed in-process.

Usage: infer_day.py MODEL.pt SCANS_DIR THREADS BATCH REPEATS
Prints `infer_day.peer <slices/s> slices/s` and `infer_day.voxels.peer <foreground voxels>`.
"""
import glob
import json
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import cv2
import numpy as np
import torch
from scipy import ndimage


def rle(mask):
    flat = np.concatenate([[0], mask.ravel(), [0]])
    runs = np.where(flat[1:] != flat[:-1])[0] + 1
    runs[1::2] -= runs[::2]
    return " ".join(str(x) for x in runs)


def letterbox_geometry(w, h, size):
    scale = size / max(w, h)
    sw, sh = max(1, round(w * scale)), max(1, round(h * scale))
    return sw, sh, (size - sw) // 2, (size - sh) // 2, scale


def run(model, card, files, pool, batch):
    size = card["input_size"]
    offsets = card["channel_offsets"]
    norm = card["normalisation"]
    slices = list(pool.map(lambda f: cv2.imread(f, cv2.IMREAD_UNCHANGED), files))
    volume = np.stack(slices)
    depth, h, w = volume.shape
    level = float(np.percentile(volume, norm["percentile"], method="lower"))
    scale_to = 1.0 / level if level > 0 else 1.0
    sw, sh, ox, oy, scale = letterbox_geometry(w, h, size)
    boxed = np.zeros((depth, size, size), np.float32)
    interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    for z in range(depth):
        image = np.minimum(volume[z].astype(np.float32) * scale_to, norm["clip"])
        boxed[z, oy:oy + sh, ox:ox + sw] = cv2.resize(image, (sw, sh), interpolation=interp)
    probs = np.zeros((3, depth, h, w), np.uint8)
    with torch.no_grad():
        for first in range(0, depth, batch):
            zs = range(first, min(depth, first + batch))
            x = np.stack([boxed[[min(max(z + o, 0), depth - 1) for o in offsets]] for z in zs])
            y = model(torch.from_numpy(x))
            if card["output_activation"] == "logits":
                y = torch.sigmoid(y)
            y = y.numpy()
            for i, z in enumerate(zs):
                for o in range(3):
                    back = cv2.resize(y[i, o, oy:oy + sh, ox:ox + sw], (w, h), interpolation=cv2.INTER_LINEAR)
                    probs[o, z] = np.clip(back * 255.0 + 0.5, 0, 255).astype(np.uint8)
    rows = []
    voxels = 0
    structure = np.ones((3, 3, 3), bool)
    for o in range(3):
        mask = probs[o] > int(card["thresholds"][o] * 255.0)
        minimum = card["postprocess"]["min_component_voxels"]
        if minimum > 0:
            labels, count = ndimage.label(mask, structure)
            sizes = np.bincount(labels.ravel())
            keep = sizes >= minimum
            keep[0] = False
            mask = keep[labels]
        voxels += int(mask.sum())
        for z in range(depth):
            rows.append(rle(mask[z]))
    return depth, voxels


def main():
    model_path, scans, threads, batch, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    torch.set_num_threads(threads)
    cv2.setNumThreads(threads)
    card = json.load(open(os.path.splitext(model_path)[0] + ".card.json"))
    model = torch.jit.load(model_path)
    model.eval()
    files = sorted(glob.glob(os.path.join(scans, "*.png")))
    with ThreadPoolExecutor(threads) as pool:
        run(model, card, files, pool, batch)  # warm-up
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            depth, voxels = run(model, card, files, pool, batch)
            times.append(time.perf_counter() - start)
    print(f"infer_day.peer {depth / np.median(times):.2f} slices/s")
    print(f"infer_day.voxels.peer {voxels} voxels")


if __name__ == "__main__":
    main()
