#pragma once
// A problem found while indexing, validating or importing: collected into a report instead of
// stopping at the first, so a user sees everything to fix in one pass.
#include "data/DataError.h"

#include <string>
#include <vector>

namespace gireview {

struct Problem {
    enum class Severity { Warning, Error };
    Severity severity = Severity::Error;
    std::string location; // file path, or "id <id> class <class>", or "line N"
    std::string message;
};

inline bool hasErrors(const std::vector<Problem>& problems) {
    for (const auto& problem : problems)
        if (problem.severity == Problem::Severity::Error) return true;
    return false;
}

// The location and message escaped (a folder name that is not UTF-8, bytes of a damaged file)
// and bounded, as every message the user reads is (quoteForMessage).
inline std::string formatProblem(const Problem& problem) {
    return std::string(problem.severity == Problem::Severity::Error ? "error: " : "warning: ") +
           (problem.location.empty() ? "" : quoteForMessage(problem.location, 400) + ": ") +
           quoteForMessage(problem.message, 1000);
}

} // namespace gireview
