#pragma once
// COCO run-length encoding, as the reference COCO API (pycocotools) defines it: counts over the
// COLUMN-MAJOR (Fortran order) flattening of the (height, width) mask, alternating runs that
// start with a run of zeros (possibly of length 0), optionally compressed to the COCO string
// form. Not the Kaggle RLE of train.csv (row-major, 1-indexed start/length pairs).
#include "data/DataError.h"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gireview {

struct CocoRle {
    int height = 0;
    int width = 0;
    std::vector<std::uint32_t> counts;
};

namespace coco {

// From a row-major mask: the pixels whose `bit` is set.
CocoRle encode(const std::uint8_t* rowMajorMask, int height, int width, std::uint8_t bit);
// Sets `bit` in the row-major mask for every pixel of the encoding. Throws RleError (with
// `context`) when the counts do not add up to height * width.
void decodeInto(const CocoRle& rle, std::uint8_t* rowMajorMask, std::uint8_t bit, const ErrorContext& context = {});

// The compressed string form ("counts" as a string in COCO JSON) and back. fromString throws
// RleError for characters outside the alphabet or a truncated value.
std::string toString(const std::vector<std::uint32_t>& counts);
std::vector<std::uint32_t> fromString(std::string_view text, const ErrorContext& context = {});

// Pixels set.
std::uint64_t area(const CocoRle& rle);
// [x, y, width, height] exactly as the reference API's toBbox computes it (including its rule
// that a run continuing into the next column makes the box span the full height).
std::array<double, 4> boundingBox(const CocoRle& rle);

// Rasterises one polygon (x0, y0, x1, y1, ...) the way the reference API's frPyObjects does:
// boundary points upsampled 5x, then the y-boundary crossings at pixel centres.
// Throws GeometryError (with `context`) for fewer than 3 points or an odd coordinate count.
CocoRle fromPolygon(const std::vector<double>& xy, int height, int width, const ErrorContext& context = {});
// Union of encodings of the same size (the reference API's merge with intersect = 0).
CocoRle merge(const std::vector<CocoRle>& parts);

} // namespace coco

} // namespace gireview
