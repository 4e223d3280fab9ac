#pragma once
// Shared by the libFuzzer targets: the bytes as a file for parsers that take a path, and the
// rule that our typed errors are answers, not findings (anything else, a crash or a sanitizer
// report, is a finding).
#include "data/DataError.h"

#include <cstdint>
#include <cstdio>
#include <string>
#include <unistd.h>

namespace fuzz {

// A per-process file holding the input.
inline const std::string& inputFile(const char* suffix) {
    static const std::string path = "/tmp/gireview-fuzz-" + std::to_string(::getpid()) + suffix;
    return path;
}

inline std::string writeInput(const std::uint8_t* data, size_t size, const char* suffix) {
    const std::string& path = inputFile(suffix);
    std::FILE* file = std::fopen(path.c_str(), "wb");
    if (!file) __builtin_trap();
    std::fwrite(data, 1, size, file);
    std::fclose(file);
    return path;
}

template <typename F>
void expectOnlyDataErrors(F&& run) {
    try {
        run();
    } catch (const gireview::DataError&) {
        // A clear, typed error naming the item: the right answer to a bad input.
    }
}

} // namespace fuzz
