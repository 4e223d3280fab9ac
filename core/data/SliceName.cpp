#include "data/SliceName.h"

#include "data/DataError.h"

#include <cctype>
#include <charconv>
#include <cstdio>
#include <vector>

namespace gireview {
namespace {

std::vector<std::string_view> splitUnderscore(std::string_view text) {
    std::vector<std::string_view> parts;
    size_t start = 0;
    while (true) {
        size_t pos = text.find('_', start);
        parts.push_back(text.substr(start, pos == std::string_view::npos ? pos : pos - start));
        if (pos == std::string_view::npos) break;
        start = pos + 1;
    }
    return parts;
}

bool parsePositiveInt(std::string_view text, int& value) {
    if (text.empty() || text.size() > 9) return false;
    for (char c : text)
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return true;
}

bool parseSpacing(std::string_view text, double& value) {
    // Digits with at most one dot, e.g. "1.50"; no signs, exponents or locale surprises.
    if (text.empty() || text.size() > 12) return false;
    int dots = 0;
    for (char c : text) {
        if (c == '.') ++dots;
        else if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    }
    if (dots > 1 || text.front() == '.' || text.back() == '.') return false;
    std::string copy(text);
    value = std::strtod(copy.c_str(), nullptr);
    return value > 0.0;
}

bool parsePrefixed(std::string_view part, std::string_view prefix, int& value) {
    if (part.substr(0, prefix.size()) != prefix) return false;
    return parsePositiveInt(part.substr(prefix.size()), value);
}

std::string spacingText(double spacing) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.2f", spacing);
    return buffer;
}

std::string slicePadded(int slice) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d", slice);
    return buffer;
}

} // namespace

SliceFileName parseSliceFileName(std::string_view fileName) {
    const std::string expected = "expected slice_NNNN_W_H_SW_SH.png, e.g. "
                                 "slice_0065_266_266_1.50_1.50.png";
    auto fail = [&](const std::string& why) -> SliceFileName {
        throw NameError("malformed slice file name: " + why + "; " + expected,
                        ErrorContext{std::string(fileName), {}, {}, 0, {}});
    };
    constexpr std::string_view suffix = ".png";
    if (fileName.size() <= suffix.size() ||
        fileName.substr(fileName.size() - suffix.size()) != suffix)
        return fail("no .png extension");
    auto parts = splitUnderscore(fileName.substr(0, fileName.size() - suffix.size()));
    if (parts.size() != 6 || parts[0] != "slice")
        return fail("wrong number of fields");
    SliceFileName name;
    // Bounded before anything is allocated from them: a name must not ask for 20 GB.
    auto number = [&](std::string_view text, const char* what, int maximum, int& out) {
        const std::string shown = quoteForMessage(text, 20);
        if (!parsePositiveInt(text, out) || out < 1) fail(std::string(what) + " '" + shown + "' is not a whole number from 1 to " + std::to_string(maximum));
        if (out > maximum) fail(std::string(what) + " " + shown + " is beyond " + std::to_string(maximum));
    };
    number(parts[1], "slice number", kMaxSliceNumber, name.slice);
    number(parts[2], "width", kMaxSliceSide, name.width);
    number(parts[3], "height", kMaxSliceSide, name.height);
    if (!parseSpacing(parts[4], name.spacingX))
        return fail("pixel spacing '" + std::string(parts[4]) + "' is not a positive number");
    if (!parseSpacing(parts[5], name.spacingY))
        return fail("pixel spacing '" + std::string(parts[5]) + "' is not a positive number");
    name.spacingXText = std::string(parts[4]);
    name.spacingYText = std::string(parts[5]);
    return name;
}

std::string formatSliceFileName(const SliceFileName& name) {
    std::string sx = name.spacingXText.empty() ? spacingText(name.spacingX) : name.spacingXText;
    std::string sy = name.spacingYText.empty() ? spacingText(name.spacingY) : name.spacingYText;
    return "slice_" + slicePadded(name.slice) + "_" + std::to_string(name.width) + "_" +
           std::to_string(name.height) + "_" + sx + "_" + sy + ".png";
}

std::string formatSliceFileName(int slice, int width, int height, double spacingX,
                                double spacingY) {
    SliceFileName name;
    name.slice = slice;
    name.width = width;
    name.height = height;
    name.spacingX = spacingX;
    name.spacingY = spacingY;
    return formatSliceFileName(name);
}

bool tryParseCaseName(std::string_view name, int& caseNo) {
    return parsePrefixed(name, "case", caseNo);
}

bool tryParseCaseDayName(std::string_view name, CaseDayKey& out) {
    auto parts = splitUnderscore(name);
    if (parts.size() != 2) return false;
    return parsePrefixed(parts[0], "case", out.caseNo) && parsePrefixed(parts[1], "day", out.dayNo);
}

CaseDayKey parseCaseDayName(std::string_view name) {
    CaseDayKey key;
    if (!tryParseCaseDayName(name, key))
        throw NameError("malformed case-day name; expected caseN_dayM, e.g. case123_day20",
                        ErrorContext{{}, std::string(name), {}, 0, std::string(name)});
    return key;
}

std::string formatCaseDayName(CaseDayKey day) {
    return "case" + std::to_string(day.caseNo) + "_day" + std::to_string(day.dayNo);
}

SliceId parseSliceId(std::string_view id) {
    auto parts = splitUnderscore(id);
    SliceId result;
    if (parts.size() != 4 || !parsePrefixed(parts[0], "case", result.day.caseNo) ||
        !parsePrefixed(parts[1], "day", result.day.dayNo) || parts[2] != "slice" ||
        !parsePositiveInt(parts[3], result.slice) || result.slice < 1)
        throw NameError("malformed slice id; expected caseN_dayM_slice_NNNN, e.g. "
                        "case123_day20_slice_0065",
                        ErrorContext{{}, std::string(id), {}, 0, std::string(id)});
    return result;
}

std::string formatSliceId(CaseDayKey day, int slice) {
    return formatCaseDayName(day) + "_slice_" + slicePadded(slice);
}

std::string formatSliceId(const SliceId& id) { return formatSliceId(id.day, id.slice); }

} // namespace gireview
