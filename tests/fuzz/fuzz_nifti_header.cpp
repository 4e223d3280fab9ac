// What is checked before ITK reads a NIfTI: header fields, datatype against bitpix, sizes.
#include "FuzzSupport.h"
#include "io/NiftiCheck.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
    fuzz::expectOnlyDataErrors([&] {
        const auto info = gireview::checkNiftiBytes(data, size, "fuzz.nii");
        if (info.payloadBytes + std::uint64_t(info.voxOffset) > size) __builtin_trap(); // accepted a short body
    });
    return 0;
}
