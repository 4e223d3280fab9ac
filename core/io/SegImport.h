#pragma once
// A DICOM Segmentation (SEG) read onto its source series, through GDCM: each frame goes to the
// slice of the image its Source Image Sequence references; BINARY frames as they are, FRACTIONAL
// ones at 0.5 of the Maximum Fractional Value. Segments map to organs by their label through the
// RoiNameTable, else by their SNOMED CT code (stomach 69695003, small intestine 30315005, large
// intestine 14742008). Nothing is imported when a frame references an image that is not in the
// dataset, when the frames reference nothing at all, when it is another patient's, or when it
// cannot be read: DataError naming the file and the UIDs.
#include "io/LabelExchange.h"
#include "io/RoiNameTable.h"

#include <string>

namespace gireview {

bool isSegFile(const std::string& path);

// The labels of the one case-day whose series the segmentation references: every slice
// labelled for each organ a segment maps to, the other organs unlabelled; unmapped segments and
// segments united on one organ are reported.
LabelImport importSeg(const std::string& path, const DatasetIndex& index,
                      const RoiNameTable& names = {});

} // namespace gireview
