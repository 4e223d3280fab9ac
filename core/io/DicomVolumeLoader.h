#pragma once
// Decodes a DICOM case-day (io/DicomIndex.h) into a ScanVolume with GDCM: every transfer syntax
// GDCM reads (uncompressed implicit and explicit VR, JPEG lossless, JPEG-LS, JPEG 2000, RLE),
// files in parallel, a multi-frame file once for all its frames. A file that cannot be decoded
// leaves its slices blank and unusable with its problem listed, as a damaged PNG does.
#include "io/ScanVolumeLoader.h"

namespace gireview {

ScanVolume loadDicomScanVolume(const DayEntry& day, const LoadOptions& options);

} // namespace gireview
