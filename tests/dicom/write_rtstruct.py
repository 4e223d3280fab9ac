#!/usr/bin/python3
"""Writes an RT Structure Set with pydicom over an image series (a folder of single-frame
images), as a planning system would: one ROI a name, CLOSED_PLANAR contours on the series'
slices in patient coordinates (LPS mm), each naming its image. Shapes (pixel coordinates,
vertices on pixel edges so the inside is exact):
  ring-xor      outer square [10, 40], hole [20, 30], an island [24, 26] in the hole: three contours
  ring-keyhole  the same ring as one contour with a zero-width channel, and the island
  corners       two squares touching at one corner
Also writes the expected mask (uint8, slice-major like the series sorted by position along the
normal, inferior-pointing as GI Review sorts) to --expected, for the written slices.
Run with /usr/bin/python3 (Debian's pydicom)."""
import argparse
import os

import numpy as np
import pydicom

from series_order import sorted_series
from pydicom.dataset import Dataset, FileDataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

RTSTRUCT = "1.2.840.10008.5.1.4.1.1.481.3"


def square(a, b):
    return [(a - 0.5, a - 0.5), (b + 0.5, a - 0.5), (b + 0.5, b + 0.5), (a - 0.5, b + 0.5)]


def shapes(kind):
    if kind == "ring-xor":
        return [square(10, 40), square(20, 30), square(24, 26)]
    if kind == "ring-keyhole":
        o0, o1, i0, i1 = 9.5, 40.5, 19.5, 30.5
        keyhole = [(o0, o0), (o1, o0), (o1, o1), (25.0, o1), (25.0, i1), (i0, i1), (i0, i0), (i1, i0), (i1, i1),
                   (25.0, i1), (25.0, o1), (o0, o1)]
        return [keyhole, square(24, 26)]
    if kind == "corners":
        return [square(10, 20), square(21, 31)]
    raise SystemExit("unknown shape " + kind)


def expected_plane(kind, h, w):
    m = np.zeros((h, w), np.uint8)
    if kind in ("ring-xor", "ring-keyhole"):
        m[10:41, 10:41] = 1
        m[20:31, 20:31] = 0
        m[24:27, 24:27] = 1
    else:
        m[10:21, 10:21] = 1
        m[21:32, 21:32] = 1
    return m


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--series", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--expected")
    p.add_argument("--shape", default="ring-xor")
    p.add_argument("--roi", action="append", default=[])
    p.add_argument("--patient", default=None)
    p.add_argument("--no-refs", action="store_true", help="contours name no image")
    p.add_argument("--frame-of-reference", default=None)
    p.add_argument("--slices", type=int, nargs="*", default=None, help="0-based positions (sorted) to contour")
    p.add_argument("--extra-types", action="store_true", help="also a POINT and an OPEN_PLANAR contour on each slice")
    a = p.parse_args()

    images, row, col = sorted_series(a.series)
    first = images[0]
    sy, sx = (float(v) for v in first.PixelSpacing)
    chosen = a.slices if a.slices is not None else list(range(len(images)))

    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = RTSTRUCT
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = FileDataset(None, {}, file_meta=meta, preamble=b"\0" * 128)
    ds.is_little_endian, ds.is_implicit_VR = True, False
    ds.SOPClassUID, ds.SOPInstanceUID = RTSTRUCT, meta.MediaStorageSOPInstanceUID
    ds.Modality = "RTSTRUCT"
    ds.PatientID = a.patient or first.PatientID
    ds.StudyInstanceUID = first.StudyInstanceUID
    ds.SeriesInstanceUID = generate_uid()
    ds.StructureSetLabel = "GI"
    frame = a.frame_of_reference or first.FrameOfReferenceUID
    ref = Dataset()
    ref.FrameOfReferenceUID = frame
    ds.ReferencedFrameOfReferenceSequence = Sequence([ref])
    rois, contours = [], []
    for number, name in enumerate(a.roi or ["Stomach"], start=1):
        roi = Dataset()
        roi.ROINumber, roi.ReferencedFrameOfReferenceUID, roi.ROIName = number, frame, name
        roi.ROIGenerationAlgorithm = "MANUAL"
        rois.append(roi)
        roi_contour = Dataset()
        roi_contour.ReferencedROINumber = number
        roi_contour.ROIDisplayColor = [255, 0, 0]
        items = []
        for z in chosen:
            image = images[z]
            origin = np.array([float(v) for v in image.ImagePositionPatient])
            for polygon in shapes(a.shape):
                c = Dataset()
                c.ContourGeometricType = "CLOSED_PLANAR"
                points = [origin + row * sx * u + col * sy * v for u, v in polygon]
                c.NumberOfContourPoints = len(points)
                c.ContourData = [f"{x:.6f}" for point in points for x in point]
                if not a.no_refs:
                    image_ref = Dataset()
                    image_ref.ReferencedSOPClassUID = image.SOPClassUID
                    image_ref.ReferencedSOPInstanceUID = image.SOPInstanceUID
                    c.ContourImageSequence = Sequence([image_ref])
                items.append(c)
            if a.extra_types:  # what a planning system adds for markers and lines: not areas
                for kind, polygon in (("POINT", [(5.0, 5.0)]), ("OPEN_PLANAR", [(2.0, 2.0), (8.0, 2.0), (8.0, 8.0)])):
                    c = Dataset()
                    c.ContourGeometricType = kind
                    points = [origin + row * sx * u + col * sy * v for u, v in polygon]
                    c.NumberOfContourPoints = len(points)
                    c.ContourData = [f"{x:.6f}" for point in points for x in point]
                    items.append(c)
        roi_contour.ContourSequence = Sequence(items)
        contours.append(roi_contour)
    ds.StructureSetROISequence = Sequence(rois)
    ds.ROIContourSequence = Sequence(contours)
    ds.save_as(a.out, write_like_original=False)
    if a.expected:
        volume = np.zeros((len(images), int(first.Rows), int(first.Columns)), np.uint8)
        for z in chosen:
            volume[z] = expected_plane(a.shape, int(first.Rows), int(first.Columns))
        volume.tofile(a.expected)


if __name__ == "__main__":
    main()
