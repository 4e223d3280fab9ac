#pragma once
#include "data/Organ.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace gireview {

// ROI (or segment) names to organs: exact matches after normalisation (lower case; spaces,
// underscores and hyphens removed), never substrings: TG-263 Bowel_Large, Bowel_Small, Stomach
// and the synonyms LargeBowel, Colon, SmallBowel, Small_Intestine, Large_Intestine. `Bowel` (the
// bowel bag), `Stomach_PRV5`, `Colon_Sigmoid` or `Duodenum` stay unmapped unless the user's
// table (settings) maps them.
class RoiNameTable {
public:
    static std::string normalise(std::string_view name);
    std::optional<Organ> organFor(std::string_view roiName) const;
    // The user's own entries (names as written; normalised here), over the standard ones.
    void add(std::string_view roiName, Organ organ) { extra_[normalise(roiName)] = organ; }
    // "NAME=large_bowel|small_bowel|stomach" (a --roi-name value, a settings entry); false, and
    // nothing added, for anything else.
    bool addEntry(std::string_view entry);

private:
    std::map<std::string, Organ> extra_;
};

} // namespace gireview
