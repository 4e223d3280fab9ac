#include "io/RoiNameTable.h"

#include <cctype>

namespace gireview {

std::string RoiNameTable::normalise(std::string_view name) {
    std::string out;
    for (const char c : name)
        if (c != ' ' && c != '_' && c != '-')
            out += char(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::optional<Organ> RoiNameTable::organFor(std::string_view roiName) const {
    const std::string key = normalise(roiName);
    if (const auto found = extra_.find(key); found != extra_.end()) return found->second;
    static const std::map<std::string, Organ> standard = {
        {"bowellarge", Organ::LargeBowel},     {"largebowel", Organ::LargeBowel},
        {"colon", Organ::LargeBowel},          {"largeintestine", Organ::LargeBowel},
        {"bowelsmall", Organ::SmallBowel},     {"smallbowel", Organ::SmallBowel},
        {"smallintestine", Organ::SmallBowel}, {"stomach", Organ::Stomach}};
    if (const auto found = standard.find(key); found != standard.end()) return found->second;
    return std::nullopt;
}

bool RoiNameTable::addEntry(std::string_view entry) {
    const size_t equals = entry.rfind('=');
    if (equals == std::string_view::npos || equals == 0) return false;
    const auto organ = organFromClassName(entry.substr(equals + 1));
    if (!organ) return false;
    add(entry.substr(0, equals), *organ);
    return true;
}

} // namespace gireview
