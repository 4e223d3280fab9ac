#pragma once
// A clinic's structure set (DICOM RTSTRUCT) read onto the series it belongs to, through GDCM:
// every ROI's CLOSED_PLANAR contours rasterised onto the day's grid (a pixel is inside when its
// centre is; the contours of one plane combine by XOR, so holes, islands in holes and keyhole
// contours fill as drawn), ROI names mapped to the three organs by RoiNameTable. Contours are
// placed by the images they reference (Referenced SOP Instance UID); a contour that names no
// image is placed by its plane (within half a slice) when the structure set's Frame of Reference
// is the series'. Nothing of a structure set is imported when one of its contours cannot be
// placed, when it is another patient's, or when it cannot be read: DataError, naming the UIDs.
#include "io/LabelExchange.h"
#include "io/RoiNameTable.h"

#include <string>

namespace gireview {

// True when the DICOM file at `path` is an RT Structure Set (by its SOP Class).
bool isRtStructFile(const std::string& path);

// The structure set as the labels of the one case-day whose series it references: every
// slice of that day labelled for each organ an ROI maps to (a slice without a contour of it is
// "organ absent"), the other organs unlabelled. Problems: ROIs that map to nothing (listed by
// name), several ROIs on one organ (united), POINT and OPEN contours (skipped), a Frame of
// Reference that differs from the series' where every contour names its image.
LabelImport importRtStruct(const std::string& path, const DatasetIndex& index,
                           const RoiNameTable& names = {});

} // namespace gireview
