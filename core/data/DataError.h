#pragma once
// Typed errors of the data core. Each carries where the problem is (file, row id and class,
// line, token) and what was expected, so the GUI and CLI can tell the user exactly what to fix.
#include <stdexcept>
#include <string>
#include <string_view>

namespace gireview {

struct ErrorContext {
    std::string file;      // path of the offending file, if any
    std::string rowId;     // e.g. case123_day20_slice_0065
    std::string className; // e.g. stomach
    long line = 0;         // 1-based line in a text file, 0 when not applicable
    std::string token;     // the offending token or value
};

class DataError : public std::runtime_error {
public:
    DataError(std::string problem, ErrorContext context = {});
    const std::string& problem() const { return problem_; }
    const ErrorContext& context() const { return context_; }

private:
    std::string problem_;
    ErrorContext context_;
};

// A file or folder name that does not follow the dataset's naming scheme.
class NameError : public DataError {
public:
    using DataError::DataError;
};
// An image that cannot be decoded or has the wrong kind/size.
class ImageError : public DataError {
public:
    using DataError::DataError;
};
// A malformed Kaggle run-length encoding.
class RleError : public DataError {
public:
    using DataError::DataError;
};
// A malformed CSV file (header, quoting, columns).
class CsvError : public DataError {
public:
    using DataError::DataError;
};
// Something whose shape does not match the dataset (sizes, ids, slice counts).
class GeometryError : public DataError {
public:
    using DataError::DataError;
};
// A file that cannot be read or written.
class IoError : public DataError {
public:
    using DataError::DataError;
};

// Outside text as a message may show it: control bytes and bytes that are not UTF-8 escaped as
// \xNN (nothing raw reaches a terminal), cut after `limit` characters with "... (N bytes)" so a
// 5 MB token is not echoed whole. The one place messages quote what they were given.
std::string quoteForMessage(std::string_view text, size_t limit = 80);

// "what: problem (file F, line L, id I, class C, token 'T')" with only the known parts, each
// quoted by quoteForMessage (paths up to 400 characters).
std::string describeError(const std::string& problem, const ErrorContext& context);

} // namespace gireview
