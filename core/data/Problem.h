#pragma once
// A problem found while indexing, validating or importing: collected into a report instead of
// stopping at the first, so a user sees everything to fix in one pass.
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

inline std::string formatProblem(const Problem& problem) {
    return std::string(problem.severity == Problem::Severity::Error ? "error: " : "warning: ") +
           (problem.location.empty() ? "" : problem.location + ": ") + problem.message;
}

} // namespace gireview
