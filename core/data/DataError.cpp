#include "data/DataError.h"

namespace gireview {

std::string describeError(const std::string& problem, const ErrorContext& context) {
    std::string where;
    auto add = [&where](const std::string& part) {
        where += where.empty() ? "" : ", ";
        where += part;
    };
    if (!context.file.empty()) add("file " + context.file);
    if (context.line > 0) add("line " + std::to_string(context.line));
    if (!context.rowId.empty()) add("id " + context.rowId);
    if (!context.className.empty()) add("class " + context.className);
    if (!context.token.empty()) add("token '" + context.token + "'");
    return where.empty() ? problem : problem + " (" + where + ")";
}

DataError::DataError(std::string problem, ErrorContext context)
    : std::runtime_error(describeError(problem, context)), problem_(std::move(problem)),
      context_(std::move(context)) {}

} // namespace gireview
