#include "io/OutputGuard.h"

#include "data/DataError.h"
#include "io/AtomicFile.h"

#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace gireview {

namespace {

[[noreturn]] void refuse(const std::string& path, const std::string& why) {
    throw IoError("refusing to write here: " + why + "; nothing was written",
                  ErrorContext{path, {}, {}, 0, {}});
}

bool readOnly(const std::string& path) {
    struct stat info {};
    // Mode bits too: as root access(2) says every file is writable.
    return ::stat(path.c_str(), &info) == 0 &&
           ((info.st_mode & 0222) == 0 || ::access(path.c_str(), W_OK) != 0);
}

bool sameFile(const std::string& a, const std::string& b) {
    std::error_code error;
    if (fs::exists(a, error) && fs::exists(b, error)) return fs::equivalent(a, b, error);
    return fs::weakly_canonical(a, error) == fs::weakly_canonical(b, error);
}

void refuseInputs(const std::string& path, const OutputRules& rules) {
    for (const std::string& input : rules.inputs)
        if (!input.empty() && sameFile(path, input))
            refuse(path, "it is an input of this run (" + input + ")");
}

} // namespace

std::string describeExistingDataset(const std::string& path) {
    std::error_code error;
    const fs::path root(path);
    if (!fs::is_directory(root, error)) return {};
    const bool labels = fs::exists(root / "train.csv", error);
    size_t days = 0;
    for (const char* split : {"train", "test"}) {
        const fs::path cases = root / split;
        if (!fs::is_directory(cases, error)) continue;
        for (fs::directory_iterator c(cases, error), end; !error && c != end; c.increment(error))
            if (c->is_directory(error))
                for (fs::directory_iterator d(c->path(), error); !error && d != end;
                     d.increment(error))
                    if (d->is_directory(error)) ++days;
    }
    if (!labels && days == 0) return {};
    std::string what = labels ? "train.csv" : "";
    if (days) what += (labels ? " and " : "") + std::to_string(days) + " case-day folder(s)";
    return what;
}

void checkOutputPath(const std::string& path, OutputKind kind, const OutputRules& rules) {
    if (path.empty()) refuse(path, "no path given");
    std::error_code error;
    const fs::file_status link = fs::symlink_status(path, error);
    const bool exists = fs::exists(link);
    refuseInputs(path, rules);
    if (!exists) return;
    if (link.type() == fs::file_type::symlink)
        refuse(path, std::string("it is ") + describeFileType(link.type()) + ", not a regular file");
    switch (kind) {
    case OutputKind::File:
        if (link.type() != fs::file_type::regular)
            refuse(path, std::string("it is ") + describeFileType(link.type()) + ", not a regular file");
        if (readOnly(path))
            refuse(path, "the file is read-only (an earlier result someone protected?)");
        return;
    case OutputKind::Folder:
        if (link.type() != fs::file_type::directory)
            refuse(path, std::string("it is ") + describeFileType(link.type()) + "; expected a folder");
        if (!describeExistingDataset(path).empty())
            refuse(path, "it is a dataset (" + describeExistingDataset(path) + ")");
        if (::access(path.c_str(), W_OK) != 0) refuse(path, "the folder is read-only");
        return;
    case OutputKind::Dataset: {
        if (link.type() != fs::file_type::directory)
            refuse(path, std::string("it is ") + describeFileType(link.type()) + "; expected a folder");
        const std::string existing = describeExistingDataset(path);
        if (!existing.empty() && !rules.force)
            refuse(path, "a dataset is already there (" + existing + "); --force replaces it");
        return;
    }
    }
}

} // namespace gireview
