#pragma once
// Kaggle run-length encoding of the UW-Madison GI Tract data: space-separated "start length"
// pairs, starts 1-indexed, over the ROW-MAJOR (C order) flattening of the (height, width) mask.
// (The competition text says column-major; the data and the organizers' loader are row-major.)
// Not to be confused with COCO RLE, which is column-major and starts with a run of zeros.
#include "data/DataError.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace gireview {

namespace KaggleRle {

// Sets `bit` in mask[i] for every pixel inside a run. Strict: an odd token count, a token that
// is not a number, a zero or negative start, a zero or negative length, a run past the end of
// the mask, overlapping or unsorted runs throw RleError carrying `context` (row id, class) and
// the offending token. Returns the number of pixels set.
size_t decodeInto(std::string_view rle, std::uint8_t* mask, size_t pixelCount, std::uint8_t bit,
                  const ErrorContext& context = {});

// Writes the whole mask: 1 inside runs, 0 elsewhere (each byte written once; no need to clear
// `mask` first). Same checks and errors as decodeInto; on error the mask content is undefined.
size_t decodeMask(std::string_view rle, std::uint8_t* mask, size_t pixelCount,
                  const ErrorContext& context = {});

// Checks an encoding without writing anything (same errors as decodeInto).
void validate(std::string_view rle, size_t pixelCount, const ErrorContext& context = {});

// Encodes the pixels whose `bit` is set; "" for an empty mask.
std::string encode(const std::uint8_t* mask, size_t pixelCount, std::uint8_t bit);
void encodeAppend(const std::uint8_t* mask, size_t pixelCount, std::uint8_t bit,
                  std::string& out);

} // namespace KaggleRle

} // namespace gireview
