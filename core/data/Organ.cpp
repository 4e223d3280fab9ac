#include "data/Organ.h"

namespace gireview {

std::string_view organClassName(Organ organ) {
    switch (organ) {
    case Organ::LargeBowel: return "large_bowel";
    case Organ::SmallBowel: return "small_bowel";
    case Organ::Stomach: return "stomach";
    }
    return "unknown";
}

std::string_view organDisplayName(Organ organ) {
    switch (organ) {
    case Organ::LargeBowel: return "Large bowel";
    case Organ::SmallBowel: return "Small bowel";
    case Organ::Stomach: return "Stomach";
    }
    return "Unknown";
}

std::optional<Organ> organFromClassName(std::string_view className) {
    for (Organ organ : kAllOrgans)
        if (organClassName(organ) == className) return organ;
    return std::nullopt;
}

} // namespace gireview
