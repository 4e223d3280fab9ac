#!/usr/bin/python3
"""Writes a DICOM Segmentation with pydicom over an image series: one frame per contoured slice,
each naming its source image. FRACTIONAL (8-bit, maximum 200) by default: a ramp across the
square [10, 60] so the 0.5 threshold decides which pixels are inside; --binary for BINARY
(1 bit a pixel, packed across frames). The segment's label and SNOMED code are given. Writes the
expected mask (uint8, the series' slices sorted as GI Review sorts them) to --expected."""
import argparse
import os

import numpy as np
import pydicom

from series_order import sorted_series
from pydicom.dataset import Dataset, FileDataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

SEG = "1.2.840.10008.5.1.4.1.1.66.4"


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--series", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--expected")
    p.add_argument("--label", default="Segment 1")
    p.add_argument("--code", default="69695003")
    p.add_argument("--binary", action="store_true")
    p.add_argument("--slices", type=int, nargs="*", default=[1, 3])
    p.add_argument("--reference", default=None, help="reference this SOP Instance UID instead")
    a = p.parse_args()
    images, row, col = sorted_series(a.series)
    first = images[0]
    rows, cols = int(first.Rows), int(first.Columns)
    plane = np.zeros((rows, cols), np.uint8)
    ramp = np.linspace(0, 200, 51).round().astype(np.uint8)
    plane[10:61, 10:61] = ramp[None, :]
    expected_plane = (2 * plane.astype(int) >= 200).astype(np.uint8)
    if a.binary:
        plane = expected_plane.copy()

    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = SEG
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = FileDataset(None, {}, file_meta=meta, preamble=b"\0" * 128)
    ds.is_little_endian, ds.is_implicit_VR = True, False
    ds.SOPClassUID, ds.SOPInstanceUID = SEG, meta.MediaStorageSOPInstanceUID
    ds.Modality = "SEG"
    ds.PatientID = first.PatientID
    ds.StudyInstanceUID = first.StudyInstanceUID
    ds.SeriesInstanceUID = generate_uid()
    ds.FrameOfReferenceUID = first.FrameOfReferenceUID
    ds.SegmentationType = "BINARY" if a.binary else "FRACTIONAL"
    if not a.binary:
        ds.SegmentationFractionalType = "PROBABILITY"
        ds.MaximumFractionalValue = 200
    segment = Dataset()
    segment.SegmentNumber = 1
    segment.SegmentLabel = a.label
    segment.SegmentAlgorithmType = "MANUAL"
    code = Dataset()
    code.CodeValue, code.CodingSchemeDesignator, code.CodeMeaning = a.code, "SCT", a.label
    segment.SegmentedPropertyTypeCodeSequence = Sequence([code])
    ds.SegmentSequence = Sequence([segment])
    groups = []
    for z in a.slices:
        group = Dataset()
        source = Dataset()
        source.ReferencedSOPClassUID = images[z].SOPClassUID
        source.ReferencedSOPInstanceUID = a.reference or images[z].SOPInstanceUID
        derivation = Dataset()
        derivation.SourceImageSequence = Sequence([source])
        group.DerivationImageSequence = Sequence([derivation])
        ident = Dataset()
        ident.ReferencedSegmentNumber = 1
        group.SegmentIdentificationSequence = Sequence([ident])
        position = Dataset()
        position.ImagePositionPatient = images[z].ImagePositionPatient
        group.PlanePositionSequence = Sequence([position])
        groups.append(group)
    ds.PerFrameFunctionalGroupsSequence = Sequence(groups)
    ds.NumberOfFrames = len(a.slices)
    ds.Rows, ds.Columns = rows, cols
    ds.SamplesPerPixel, ds.PhotometricInterpretation, ds.PixelRepresentation = 1, "MONOCHROME2", 0
    frames = np.stack([plane] * len(a.slices))
    if a.binary:
        ds.BitsAllocated, ds.BitsStored, ds.HighBit = 1, 1, 0
        ds.PixelData = np.packbits(frames.reshape(-1), bitorder="little").tobytes()
    else:
        ds.BitsAllocated, ds.BitsStored, ds.HighBit = 8, 8, 7
        ds.PixelData = frames.tobytes()
    ds.save_as(a.out, write_like_original=False)
    if a.expected:
        volume = np.zeros((len(images), rows, cols), np.uint8)
        for z in a.slices:
            volume[z] = expected_plane
        volume.tofile(a.expected)


if __name__ == "__main__":
    main()
