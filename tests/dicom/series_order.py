"""The images of a single-frame series folder in the order GI Review gives its slices: along the
normal of Image Orientation (Patient), turned to point inferior when it points superior (slice 1
the most superior). Shared by the test scripts that write or read objects over a series."""
import os

import numpy as np
import pydicom


def sorted_series(folder):
    images = [pydicom.dcmread(os.path.join(d, n)) for d, _, names in os.walk(folder) for n in names]
    images = [im for im in images if "ImagePositionPatient" in im]
    row = np.array([float(v) for v in images[0].ImageOrientationPatient[:3]])
    col = np.array([float(v) for v in images[0].ImageOrientationPatient[3:]])
    normal = np.cross(row, col)
    if normal[2] > 0:
        normal = -normal
    images.sort(key=lambda im: float(np.dot([float(v) for v in im.ImagePositionPatient], normal)))
    return images, row, col
