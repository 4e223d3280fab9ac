#include "KaggleRle.h"

#include <charconv>
#include <cstring>

namespace gireview::KaggleRle {
namespace {

[[noreturn]] void fail(const std::string& problem, const ErrorContext& context,
                       std::string_view token, size_t tokenIndex) {
    ErrorContext withToken = context;
    withToken.token = std::string(token.substr(0, 40));
    throw RleError(problem + " at token " + std::to_string(tokenIndex + 1) +
                       "; expected space-separated 'start length' pairs, 1-indexed, row-major",
                   withToken);
}

inline bool isSpace(char c) { return c == ' ' || c == '\t'; }

// Calls run(start0, length) for every run after checking it; start0 is 0-based.
template <typename RunFn>
void forEachRun(std::string_view rle, size_t pixelCount, const ErrorContext& context, RunFn run) {
    const char* p = rle.data();
    const char* end = p + rle.size();
    size_t tokenIndex = 0;
    size_t previousEnd = 0; // 0-based exclusive end of the previous run
    size_t previousStart = 0;
    size_t start = 0;
    while (true) {
        while (p < end && isSpace(*p)) ++p;
        if (p == end) break;
        const char* tokenBegin = p;
        while (p < end && !isSpace(*p)) ++p;
        std::string_view token(tokenBegin, size_t(p - tokenBegin));
        const bool isStart = (tokenIndex % 2) == 0;
        if (token[0] == '-' || token[0] == '+') {
            bool digits = token.size() > 1;
            for (char c : token.substr(1)) digits = digits && c >= '0' && c <= '9';
            if (digits && token[0] == '-')
                fail(isStart ? "negative run start" : "negative run length", context, token,
                     tokenIndex);
        }
        unsigned long long value = 0;
        auto [next, error] = std::from_chars(token.data(), token.data() + token.size(), value);
        if (error == std::errc::result_out_of_range)
            fail("number too large", context, token, tokenIndex);
        if (error != std::errc() || next != token.data() + token.size())
            fail("not a number", context, token, tokenIndex);
        if (isStart) {
            if (value == 0) fail("run start 0 (starts are 1-indexed)", context, token, tokenIndex);
            start = size_t(value - 1);
            if (tokenIndex > 0 && start < previousStart)
                fail("unsorted runs: start is before the previous run's start", context, token,
                     tokenIndex);
            if (start < previousEnd)
                fail("overlapping runs: start is inside the previous run", context, token,
                     tokenIndex);
            previousStart = start;
        } else {
            if (value == 0) fail("zero-length run", context, token, tokenIndex);
            if (value > pixelCount || start > pixelCount - value)
                fail("run past the end of the mask (" + std::to_string(pixelCount) + " pixels)",
                     context, token, tokenIndex);
            run(start, size_t(value));
            previousEnd = start + size_t(value);
        }
        ++tokenIndex;
    }
    if (tokenIndex % 2 != 0)
        fail("odd number of tokens: the last start has no length", context, "", tokenIndex - 1);
}

} // namespace

size_t decodeInto(std::string_view rle, std::uint8_t* mask, size_t pixelCount, std::uint8_t bit,
                  const ErrorContext& context) {
    size_t pixels = 0;
    forEachRun(rle, pixelCount, context, [&](size_t start, size_t length) {
        std::uint8_t* p = mask + start;
        for (size_t i = 0; i < length; ++i) p[i] |= bit;
        pixels += length;
    });
    return pixels;
}

void validate(std::string_view rle, size_t pixelCount, const ErrorContext& context) {
    forEachRun(rle, pixelCount, context, [](size_t, size_t) {});
}

void encodeAppend(const std::uint8_t* mask, size_t n, std::uint8_t bit, std::string& out) {
    // Word-at-a-time scan: masks are mostly long runs of equal bytes.
    const std::uint64_t pattern = 0x0101010101010101ull * bit;
    char number[24];
    bool first = true;
    size_t i = 0;
    auto appendNumber = [&](size_t value) {
        auto result = std::to_chars(number, number + sizeof number, value);
        out.append(number, size_t(result.ptr - number));
    };
    while (i < n) {
        while (i + 8 <= n) {
            std::uint64_t word;
            std::memcpy(&word, mask + i, 8);
            if (word & pattern) break;
            i += 8;
        }
        while (i < n && !(mask[i] & bit)) ++i;
        if (i >= n) break;
        const size_t runStart = i;
        while (i + 8 <= n) {
            std::uint64_t word;
            std::memcpy(&word, mask + i, 8);
            if ((word & pattern) != pattern) break;
            i += 8;
        }
        while (i < n && (mask[i] & bit)) ++i;
        if (!first) out.push_back(' ');
        first = false;
        appendNumber(runStart + 1);
        out.push_back(' ');
        appendNumber(i - runStart);
    }
}

std::string encode(const std::uint8_t* mask, size_t pixelCount, std::uint8_t bit) {
    std::string out;
    encodeAppend(mask, pixelCount, bit, out);
    return out;
}

} // namespace gireview::KaggleRle
