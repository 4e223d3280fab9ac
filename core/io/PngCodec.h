#pragma once
// Grayscale PNG decoding and encoding for MR slices. The common case (non-interlaced 8/16-bit
// grayscale, as in the Kaggle data) is decoded here with libdeflate, which inflates about twice
// as fast as zlib; interlaced files fall back to libspng. Every chunk CRC is checked, so a
// truncated or corrupted file is an error, never a silently wrong image.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace gireview {

struct PngHeader {
    int width = 0;
    int height = 0;
    int bitDepth = 0;
    int colorType = 0; // 0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA
    bool interlaced = false;
};

// Reads the IHDR of a PNG held in memory; throws ImageError naming `fileForErrors`.
PngHeader readPngHeader(const unsigned char* data, size_t size, const std::string& fileForErrors);
// Reads only the first bytes of a file to get its header; throws IoError/ImageError.
PngHeader readPngHeaderFromFile(const std::string& path);
// Reads the IHDR and the last 12 bytes: a PNG ends with its IEND chunk, so a file cut short (the
// common damage: an interrupted copy) is found without decoding it. Throws IoError/ImageError.
PngHeader readPngHeaderAndEndFromFile(const std::string& path);

// Decodes grayscale PNGs into uint16 pixels (8-bit values are widened unchanged). Holds the
// decompressor and scratch buffers, so reuse one decoder per thread.
class GrayPngDecoder {
public:
    GrayPngDecoder();
    ~GrayPngDecoder();
    GrayPngDecoder(const GrayPngDecoder&) = delete;
    GrayPngDecoder& operator=(const GrayPngDecoder&) = delete;

    // Decodes into `out` (row-major, width*height values). Throws ImageError naming the file for
    // colour images, bad bit depths, truncation, CRC or zlib errors, and sizes other than
    // expectedWidth x expectedHeight (pass 0 to accept any size; the header tells).
    PngHeader decode(const unsigned char* data, size_t size, std::uint16_t* out, size_t outCount,
                     const std::string& fileForErrors, int expectedWidth = 0,
                     int expectedHeight = 0);
    PngHeader decodeFile(const std::string& path, std::vector<std::uint16_t>& out);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Encodes 16-bit grayscale with per-row adaptive filtering (the minimum-sum-of-absolute-
// differences heuristic libpng uses) and zlib level `level`.
std::vector<unsigned char> encodeGray16Png(const std::uint16_t* pixels, int width, int height,
                                           int level = 6);
// Same for 8-bit grayscale (used by tests to produce the 8-bit copies users sometimes have).
std::vector<unsigned char> encodeGray8Png(const std::uint8_t* pixels, int width, int height,
                                          int level = 6);
// RGB 8-bit, for previews and for tests of the colour-image error.
std::vector<unsigned char> encodeRgb8Png(const std::uint8_t* rgb, int width, int height,
                                         int level = 6);

} // namespace gireview
