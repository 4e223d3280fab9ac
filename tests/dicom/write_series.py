#!/usr/bin/python3
"""Writes one DICOM MR (or CT) series with pydicom from a raw uint16 volume (x fastest, then y,
then z), as a scanner would: one file per slice, Image Position/Orientation (Patient), Pixel
Spacing, 12 bits stored in 16. Used by test_dicom and bench_dicom to build series the project's
reader must read exactly as pydicom does. Run with /usr/bin/python3 (Debian's pydicom)."""
import argparse
import math
import os
import random

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileDataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, ImplicitVRLittleEndian, generate_uid

MR_STORAGE = "1.2.840.10008.5.1.4.1.1.4"
CT_STORAGE = "1.2.840.10008.5.1.4.1.1.2"


def rotation(axis, degrees):
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    if axis == "x":
        return np.array([[1, 0, 0], [0, c, -s], [0, s, c]])
    if axis == "y":
        return np.array([[c, 0, s], [0, 1, 0], [-s, 0, c]])
    return np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]])


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--raw", required=True)
    p.add_argument("--size", type=int, nargs=3, required=True, metavar=("W", "H", "D"))
    p.add_argument("--spacing", type=float, nargs=3, default=[1.5, 1.5, 3.0])
    p.add_argument("--out", required=True)
    p.add_argument("--patient", default="GI-0001")
    p.add_argument("--study-uid", default=None)
    p.add_argument("--series-uid", default=None)
    p.add_argument("--date", default="20260105")
    p.add_argument("--time", default="083000")
    p.add_argument("--modality", default="MR")
    p.add_argument("--description", default="T2 TRUFI axial")
    p.add_argument("--image-type", default="ORIGINAL\\PRIMARY\\M\\NORM")
    p.add_argument("--rotate", nargs="*", default=[], help="axis:degrees, e.g. x:15 y:15")
    p.add_argument("--origin", type=float, nargs=3, default=[-199.25, -180.5, 62.0])
    p.add_argument("--reverse", action="store_true", help="file numbers run against the positions")
    p.add_argument("--drop", type=int, nargs="*", default=[], help="0-based slices not written")
    p.add_argument("--slices", type=int, default=0, help="write only the first N slices")
    p.add_argument("--implicit", action="store_true")
    p.add_argument("--signed", action="store_true", help="CT-like: int16, intercept -1024")
    p.add_argument("--names", choices=["uid", "numbered", "plain", "nested"], default="uid")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--without-pixels", action="store_true", help="image objects with no Pixel Data")
    p.add_argument("--syntax", default=None, help="declare this transfer syntax UID (no codec for it)")
    a = p.parse_args()

    w, h, d = a.size
    volume = np.fromfile(a.raw, dtype="<u2").reshape(-1, h, w)[:d]
    if a.slices:
        volume = volume[: a.slices]
        d = a.slices
    rng = random.Random(a.seed)
    study_uid = a.study_uid or generate_uid()
    series_uid = a.series_uid or generate_uid()
    frame_uid = generate_uid()
    axes = np.eye(3)
    for spec in a.rotate:
        axis, degrees = spec.split(":")
        axes = rotation(axis, float(degrees)) @ axes
    row, col = axes[:, 0], axes[:, 1]
    normal = np.cross(row, col)
    sop_class = CT_STORAGE if a.modality == "CT" else MR_STORAGE
    os.makedirs(a.out, exist_ok=True)
    order = list(range(d))
    for k in order:
        if k in a.drop:
            continue
        meta = FileMetaDataset()
        meta.MediaStorageSOPClassUID = sop_class
        meta.MediaStorageSOPInstanceUID = generate_uid()
        meta.TransferSyntaxUID = ImplicitVRLittleEndian if a.implicit else ExplicitVRLittleEndian
        ds = FileDataset(None, {}, file_meta=meta, preamble=b"\0" * 128)
        ds.is_little_endian = True
        ds.is_implicit_VR = a.implicit
        ds.SOPClassUID = sop_class
        ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
        ds.PatientID = a.patient
        ds.PatientName = "Phantom^" + a.patient
        ds.StudyInstanceUID = study_uid
        ds.SeriesInstanceUID = series_uid
        ds.FrameOfReferenceUID = frame_uid
        ds.StudyDate = a.date
        ds.StudyTime = a.time
        ds.StudyID = "1"
        ds.SeriesDate = a.date
        ds.Modality = a.modality
        ds.SeriesDescription = a.description
        ds.ImageType = a.image_type.split("\\")
        ds.SeriesNumber = 3
        number = d - k if a.reverse else k + 1
        ds.InstanceNumber = number
        position = np.array(a.origin) + normal * (k * a.spacing[2])
        ds.ImagePositionPatient = [f"{v:.6f}" for v in position]
        ds.ImageOrientationPatient = [f"{v:.8f}" for v in list(row) + list(col)]
        ds.PixelSpacing = [f"{a.spacing[1]:g}", f"{a.spacing[0]:g}"]
        ds.SliceThickness = "5"  # deliberately not the spacing: the reader must use the positions
        ds.Rows, ds.Columns = h, w
        ds.SamplesPerPixel = 1
        ds.PhotometricInterpretation = "MONOCHROME2"
        ds.BitsAllocated = 16
        pixels = volume[k]
        if a.signed:
            ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 15, 1
            ds.RescaleSlope, ds.RescaleIntercept = "1", "-1024"
            ds.PixelData = (pixels.astype(np.int32) - 1024).astype("<i2").tobytes()
        else:
            ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 12, 11, 0
            ds.PixelData = np.minimum(pixels, 4095).astype("<u2").tobytes()
        if a.without_pixels:
            del ds.PixelData
        if a.syntax:
            meta.TransferSyntaxUID = a.syntax
        if a.names == "uid":
            name = ds.SOPInstanceUID
        elif a.names == "numbered":
            name = f"IM{number:05d}.dcm"
        elif a.names == "plain":  # as on a CD with a DICOMDIR: 8 characters, no extension
            name = f"IM{number:06d}"
        else:
            name = os.path.join(f"s{rng.randint(0, 3)}", f"x{rng.randint(0, 1 << 30):08x}")
        path = os.path.join(a.out, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        ds.save_as(path, write_like_original=False)


if __name__ == "__main__":
    main()
