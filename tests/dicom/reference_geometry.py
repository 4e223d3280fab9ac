#!/usr/bin/python3
"""The independent reader of test_dicom: pydicom reads every DICOM file under a folder (by
content, as GI Review does), and for each image series computes what GI Review must find:
slices sorted along the normal of Image Orientation (Patient) (the normal turned to point
inferior when it points superior, so slice 1 is the most superior, as in a Kaggle day), the
origin (the first slice's Image Position), the spacing between slices (the median step of the
positions), the direction (row, column and normal as columns, row-major) and the stored pixel
values in that order. Enhanced multi-frame images give one slice per frame from their
functional groups; a file without a Series Instance UID is a series of its own, keyed
"file:<path>". Writes JSON to OUT and each series' pixels as int32 to the file its "raw" names."""
import gzip
import json
import os
import sys

import numpy as np
import pydicom


def frames_of(ds):
    """(position, orientation, spacing, pixels) per frame."""
    if "PerFrameFunctionalGroupsSequence" in ds:
        shared = ds.SharedFunctionalGroupsSequence[0]
        out = []
        array = ds.pixel_array
        for i, group in enumerate(ds.PerFrameFunctionalGroupsSequence):
            def pick(name, seq):
                for g in (group, shared):
                    if seq in g:
                        item = g[seq].value[0]
                        if name in item:
                            return [float(v) for v in item[name].value]
                return None
            out.append((pick("ImagePositionPatient", "PlanePositionSequence"),
                        pick("ImageOrientationPatient", "PlaneOrientationSequence"),
                        pick("PixelSpacing", "PixelMeasuresSequence"), array[i]))
        return out
    return [([float(v) for v in ds.ImagePositionPatient], [float(v) for v in ds.ImageOrientationPatient],
             [float(v) for v in ds.PixelSpacing], ds.pixel_array)]


def read(path):
    with open(path, "rb") as f:
        head = f.read(132)
    if path.endswith(".gz"):
        with gzip.open(path, "rb") as f:
            return pydicom.dcmread(f)
    if len(head) < 132 or head[128:132] != b"DICM":
        return None
    return pydicom.dcmread(path)


def main():
    root, out = sys.argv[1], sys.argv[2]
    series = {}
    for folder, _, names in os.walk(root):
        for name in sorted(names):
            path = os.path.join(folder, name)
            try:
                ds = read(path)
            except Exception:
                continue
            if ds is None or "PixelData" not in ds or "ImageOrientationPatient" not in ds and "SharedFunctionalGroupsSequence" not in ds:
                continue
            for position, orientation, spacing, pixels in frames_of(ds):
                series.setdefault(getattr(ds, "SeriesInstanceUID", "file:" + path), []).append((position, orientation, spacing, pixels, path, ds))
    result = {}
    for number, (uid, images) in enumerate(sorted(series.items())):
        row, col = np.array(images[0][1][:3]), np.array(images[0][1][3:])
        normal = np.cross(row, col)
        normal /= np.linalg.norm(normal)
        if normal[2] > 0:
            normal = -normal
        images.sort(key=lambda im: float(np.dot(im[0], normal)))
        distances = [float(np.dot(im[0], normal)) for im in images]
        steps = np.diff(distances)
        ds = images[0][5]
        direction = np.column_stack([row, col, normal])
        volume = np.stack([im[3].astype(np.int32) for im in images])
        raw = f"{out}.series{number}.raw"
        volume.tofile(raw)
        result[uid] = {
            "raw": raw,
            "files": [im[4] for im in images],
            "width": int(ds.Columns), "height": int(ds.Rows), "slices": len(images),
            "spacing_xyz_mm": [images[0][2][1], images[0][2][0], float(np.median(steps)) if len(steps) else None],
            "origin_mm": images[0][0],
            "direction": [float(v) for v in direction.reshape(-1)],
            "slope": float(getattr(ds, "RescaleSlope", 1) or 1),
            "intercept": float(getattr(ds, "RescaleIntercept", 0) or 0),
            "signed": int(ds.PixelRepresentation) == 1,
            "patient_id": str(ds.PatientID), "series_description": str(getattr(ds, "SeriesDescription", "")),
            "modality": str(ds.Modality), "study_date": str(getattr(ds, "StudyDate", "")),
        }
    with open(out, "w") as f:
        json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()
