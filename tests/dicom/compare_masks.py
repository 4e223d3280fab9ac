#!/usr/bin/python3
"""Dice of two masks on their physical positions, read with nibabel (an independent reader):
OURS.nii.gz (GI Review's export, its organ bit BIT) against THEIRS.nii.gz (plastimatch's
rasterisation, non-zero = inside). Every voxel of THEIRS is looked up in OURS by its world
position (nearest voxel); voxels outside OURS count as outside. Prints
`dice <value> ours <voxels> theirs <voxels> both <voxels>`."""
import sys

import nibabel as nib
import numpy as np


def main():
    ours_path, bit, theirs_path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    ours_image, theirs_image = nib.load(ours_path), nib.load(theirs_path)
    ours = (np.asarray(ours_image.dataobj).astype(np.int64) & bit) != 0
    theirs = np.asarray(theirs_image.dataobj) != 0
    index = np.indices(theirs.shape).reshape(3, -1)
    world = theirs_image.affine @ np.vstack([index, np.ones(index.shape[1])])
    mapped = np.rint(np.linalg.inv(ours_image.affine) @ world)[:3].astype(np.int64)
    inside = np.all((mapped >= 0) & (mapped < np.array(ours.shape)[:, None]), axis=0)
    ours_on_theirs = np.zeros(index.shape[1], dtype=bool)
    ours_on_theirs[inside] = ours[tuple(mapped[:, inside])]
    theirs_flat = theirs.reshape(-1)
    both = int(np.sum(ours_on_theirs & theirs_flat))
    total = int(ours.sum()) + int(theirs.sum())
    dice = 1.0 if total == 0 else 2.0 * both / total
    print(f"dice {dice:.6f} ours {int(ours.sum())} theirs {int(theirs.sum())} both {both}")


if __name__ == "__main__":
    main()
