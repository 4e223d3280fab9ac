// The 16-bit grayscale PNG decoder (our own, over libdeflate).
#include "FuzzSupport.h"
#include "io/PngCodec.h"

#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
    fuzz::expectOnlyDataErrors([&] {
        const gireview::PngHeader header = gireview::readPngHeader(data, size, "fuzz.png");
        if (std::uint64_t(header.width) * std::uint64_t(header.height) > (1u << 20)) return;
        std::vector<std::uint16_t> out(size_t(header.width) * size_t(header.height));
        gireview::GrayPngDecoder decoder;
        decoder.decode(data, size, out.data(), out.size(), "fuzz.png");
    });
    return 0;
}
