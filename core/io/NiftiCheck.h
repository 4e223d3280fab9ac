#pragma once
// What GI Review checks of a NIfTI-1 file before ITK reads it: ITK fills a short or damaged
// payload with zeros without a word, which would turn a truncated file into "organ absent". The
// header is parsed (either byte order), the datatype must agree with bitpix, and the whole gzip
// stream (or plain file) is read to the end: a decompression error or a body shorter than the
// header's dimensions say is an IoError naming the file.
#include <array>
#include <cstdint>
#include <string>

namespace gireview {

struct NiftiHeaderInfo {
    int dimensions = 0;                 // dim[0]
    std::array<std::int64_t, 7> size{}; // dim[1..7]
    int datatype = 0, bitpix = 0;
    double voxOffset = 0;
    std::uint64_t payloadBytes = 0; // voxels x bitpix / 8
    bool integerType() const;
    std::string datatypeName() const;
};

// Throws IoError (file named, what was found, what was expected).
NiftiHeaderInfo checkNiftiFile(const std::string& path);
// The same checks on bytes already in memory (the decompressed file): for tests and the fuzzer.
NiftiHeaderInfo checkNiftiBytes(const std::uint8_t* data, size_t size, const std::string& name);

} // namespace gireview
