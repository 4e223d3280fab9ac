// Kaggle run-length strings into a mask.
#include "FuzzSupport.h"
#include "io/KaggleRle.h"

#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
    const std::string_view rle(reinterpret_cast<const char*>(data), size);
    std::vector<std::uint8_t> mask(64 * 48, 0);
    fuzz::expectOnlyDataErrors([&] { gireview::KaggleRle::decodeInto(rle, mask.data(), mask.size(), 2, {}); });
    return 0;
}
