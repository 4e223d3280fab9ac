#pragma once
// SHA-256 (FIPS 180-4), used to pin a model file to its model card.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace gireview {

class Sha256 {
public:
    Sha256();
    void update(const void* data, size_t size);
    std::array<std::uint8_t, 32> finish();
    std::string finishHex();

private:
    void block(const std::uint8_t* chunk);
    std::array<std::uint32_t, 8> state_;
    std::array<std::uint8_t, 64> buffer_{};
    size_t buffered_ = 0;
    std::uint64_t totalBytes_ = 0;
};

std::string sha256Hex(const void* data, size_t size);
// Hex digest of a file's bytes; throws IoError naming the file when it cannot be read.
std::string sha256OfFile(const std::string& path);

} // namespace gireview
