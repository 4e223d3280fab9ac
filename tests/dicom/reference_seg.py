#!/usr/bin/python3
"""pydicom's decode of a DICOM Segmentation's frames, placed on the slices of its source series
(sorted as GI Review sorts them: along the normal turned inferior) by each frame's Referenced
SOP Instance UID: writes a uint8 mask volume (1 inside) to OUT."""
import os
import sys

import numpy as np
import pydicom

from series_order import sorted_series


def main():
    seg_path, series_dir, out = sys.argv[1:4]
    images, row, col = sorted_series(series_dir)
    where = {im.SOPInstanceUID: z for z, im in enumerate(images)}
    seg = pydicom.dcmread(seg_path)
    frames = seg.pixel_array.reshape(int(seg.NumberOfFrames), int(seg.Rows), int(seg.Columns))
    volume = np.zeros((len(images), int(seg.Rows), int(seg.Columns)), np.uint8)
    for f, group in enumerate(seg.PerFrameFunctionalGroupsSequence):
        uid = group.DerivationImageSequence[0].SourceImageSequence[0].ReferencedSOPInstanceUID
        volume[where[uid]] |= (frames[f] != 0).astype(np.uint8)
    volume.tofile(out)


if __name__ == "__main__":
    main()
