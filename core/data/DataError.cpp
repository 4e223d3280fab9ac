#include "data/DataError.h"

namespace gireview {

namespace {
// Length of the UTF-8 sequence starting at text[i], or 0 when it is not valid UTF-8.
size_t utf8Length(std::string_view text, size_t i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    size_t length = byte < 0x80 ? 1 : (byte >> 5) == 0x6 ? 2 : (byte >> 4) == 0xE ? 3 : (byte >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || i + length > text.size() || (length == 2 && byte < 0xC2)) return 0;
    for (size_t k = 1; k < length; ++k)
        if ((static_cast<unsigned char>(text[i + k]) >> 6) != 0x2) return 0;
    return length;
}
} // namespace

std::string quoteForMessage(std::string_view text, size_t limit) {
    static const char* hex = "0123456789abcdef";
    std::string shown;
    size_t characters = 0, i = 0;
    while (i < text.size() && characters < limit) {
        const auto byte = static_cast<unsigned char>(text[i]);
        const size_t length = utf8Length(text, i);
        if (length == 1 && byte >= 0x20 && byte != 0x7F) {
            shown += char(byte);
        } else if (length > 1) {
            shown.append(text.substr(i, length));
        } else {
            shown += "\\x";
            shown += hex[byte >> 4];
            shown += hex[byte & 0xF];
        }
        i += length ? length : 1;
        ++characters;
    }
    if (i < text.size()) shown += "... (" + std::to_string(text.size()) + " bytes)";
    return shown;
}

std::string describeError(const std::string& problem, const ErrorContext& context) {
    std::string where;
    auto add = [&where](const std::string& part) {
        where += where.empty() ? "" : ", ";
        where += part;
    };
    if (!context.file.empty()) add("file " + quoteForMessage(context.file, 400));
    if (context.line > 0) add("line " + std::to_string(context.line));
    if (!context.rowId.empty()) add("id " + quoteForMessage(context.rowId));
    if (!context.className.empty()) add("class " + quoteForMessage(context.className));
    if (!context.token.empty()) add("token '" + quoteForMessage(context.token) + "'");
    return where.empty() ? problem : problem + " (" + where + ")";
}

DataError::DataError(std::string problem, ErrorContext context)
    : std::runtime_error(describeError(problem, context)), problem_(std::move(problem)),
      context_(std::move(context)) {}

} // namespace gireview
