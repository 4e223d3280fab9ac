#pragma once
// NIfTI (.nii.gz) through ITK, in the orientation of the design notes: spacing (SW, SH, 3 mm),
// direction diag(1, 1, -1) in LPS, origin 0, so 3D Slicer and ITK-SNAP show the label volume,
// the per-organ masks and the image in register. Files are written under a temporary name and
// renamed into place.
#include "data/LabelVolume.h"
#include "data/ScanVolume.h"

#include <string>

namespace gireview {

// The organ bitmask: 1 large bowel, 2 small bowel, 4 stomach; overlapping organs add up.
void writeLabelNifti(const std::string& path, const LabelVolume& labels);
// One organ as 0/1.
void writeOrganNifti(const std::string& path, const LabelVolume& labels, Organ organ);
void writeScanNifti(const std::string& path, const ScanVolume& scan);

// Reads a bitmask volume back onto `expected` (its size must match; spacing within 1e-3 mm).
// Throws IoError / GeometryError naming the file and what differs.
LabelVolume readLabelNifti(const std::string& path, CaseDayKey day, const VolumeGeometry& expected);

// Colour tables for the bitmask values 0..7, beside the volumes: 3D Slicer (.ctbl) and ITK-SNAP
// label descriptions (.txt).
void writeSlicerColorTable(const std::string& path);
void writeItkSnapLabels(const std::string& path);

} // namespace gireview
