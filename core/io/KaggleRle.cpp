#include "io/KaggleRle.h"

#include <charconv>
#include <emmintrin.h>
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

size_t decodeMask(std::string_view rle, std::uint8_t* mask, size_t pixelCount,
                  const ErrorContext& context) {
    size_t pixels = 0, filled = 0;
    forEachRun(rle, pixelCount, context, [&](size_t start, size_t length) {
        std::memset(mask + filled, 0, start - filled);
        std::memset(mask + start, 1, length);
        filled = start + length;
        pixels += length;
    });
    std::memset(mask + filled, 0, pixelCount - filled);
    return pixels;
}

void validate(std::string_view rle, size_t pixelCount, const ErrorContext& context) {
    forEachRun(rle, pixelCount, context, [](size_t, size_t) {});
}

void encodeAppend(const std::uint8_t* mask, size_t n, std::uint8_t bit, std::string& out) {
    // Finds the transitions 16 bytes at a time: movemask gives one bit per pixel "inside", and
    // long runs of equal pixels (most of a mask) are skipped 64 bytes per step.
    const __m128i bitVector = _mm_set1_epi8(static_cast<char>(bit));
    const __m128i zero = _mm_setzero_si128();
    auto insideBits = [&](size_t at) {
        __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(mask + at));
        return ~unsigned(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_and_si128(v, bitVector), zero))) & 0xffffu;
    };
    auto allEqual64 = [&](size_t at, bool inside) {
        __m128i a = _mm_and_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(mask + at)), bitVector);
        __m128i b = _mm_and_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(mask + at + 16)), bitVector);
        __m128i c = _mm_and_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(mask + at + 32)), bitVector);
        __m128i d = _mm_and_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(mask + at + 48)), bitVector);
        if (!inside) return _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_or_si128(_mm_or_si128(a, b), _mm_or_si128(c, d)), zero)) == 0xffff;
        __m128i all = _mm_and_si128(_mm_and_si128(a, b), _mm_and_si128(c, d));
        return _mm_movemask_epi8(_mm_cmpeq_epi8(all, bitVector)) == 0xffff;
    };
    char number[24];
    bool first = true, inside = false;
    size_t runStart = 0, i = 0;
    auto appendNumber = [&](size_t value) {
        auto result = std::to_chars(number, number + sizeof number, value);
        out.append(number, size_t(result.ptr - number));
    };
    auto toggle = [&](size_t at) {
        if (!inside) {
            runStart = at;
        } else {
            if (!first) out.push_back(' ');
            first = false;
            appendNumber(runStart + 1);
            out.push_back(' ');
            appendNumber(at - runStart);
        }
        inside = !inside;
    };
    while (i + 16 <= n) {
        if (i + 64 <= n && allEqual64(i, inside)) {
            i += 64;
            continue;
        }
        const unsigned want = inside ? 0xffffu : 0u;
        const unsigned differ = insideBits(i) ^ want;
        if (!differ) {
            i += 16;
            continue;
        }
        const size_t at = i + size_t(__builtin_ctz(differ));
        toggle(at);
        i = at; // rescan from the transition with the new state
    }
    for (; i < n; ++i)
        if (bool(mask[i] & bit) != inside) toggle(i);
    if (inside) toggle(n);
}

std::string encode(const std::uint8_t* mask, size_t pixelCount, std::uint8_t bit) {
    std::string out;
    encodeAppend(mask, pixelCount, bit, out);
    return out;
}

} // namespace gireview::KaggleRle
