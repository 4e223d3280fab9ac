#include "io/ExportFolder.h"

#include "data/DataError.h"

#include <filesystem>
#include <random>

namespace fs = std::filesystem;

namespace gireview {

namespace {

constexpr const char* kNewTag = ".gireview-new-";
constexpr const char* kOldTag = ".gireview-old-";

std::string randomSuffix() {
    static thread_local std::mt19937_64 random{std::random_device{}()};
    return std::to_string(random() % 1000000000ull);
}

// ".<folder name>.gireview-new-N" beside the target.
std::string siblingName(const fs::path& target, const char* tag) {
    return (target.parent_path() / ("." + target.filename().string() + tag + randomSuffix()))
        .string();
}

// Leftovers of a run that was killed: its half-built folder, or the old export it had set aside.
void removeLeftovers(const fs::path& target) {
    std::error_code error;
    const std::string prefix = "." + target.filename().string();
    for (fs::directory_iterator
             it(target.parent_path().empty() ? fs::path(".") : target.parent_path(), error),
         end;
         !error && it != end; it.increment(error)) {
        const std::string name = it->path().filename().string();
        if (name.rfind(prefix + kNewTag, 0) == 0) fs::remove_all(it->path(), error);
        // An old export set aside whose swap never finished: if the target is missing, it comes
        // back.
        if (name.rfind(prefix + kOldTag, 0) == 0) {
            if (!fs::exists(target, error))
                fs::rename(it->path(), target, error);
            else
                fs::remove_all(it->path(), error);
        }
    }
}

IoError failure(const std::string& path, const std::string& what, const std::error_code& error) {
    return IoError(what + ": " + error.message(), ErrorContext{path, {}, {}, 0, {}});
}

} // namespace

ExportFolder::ExportFolder(std::string target) : target_(std::move(target)) {
    while (target_.size() > 1 && target_.back() == '/')
        target_.pop_back();
    const fs::path path(target_);
    removeLeftovers(path);
    std::error_code error;
    if (!path.parent_path().empty()) fs::create_directories(path.parent_path(), error);
    staging_ = siblingName(path, kNewTag);
    if (!fs::create_directory(staging_, error) || error)
        throw failure(target_, "cannot create the folder for the new export", error);
}

ExportFolder::~ExportFolder() {
    if (committed_) return;
    std::error_code error;
    fs::remove_all(staging_, error);
}

std::string ExportFolder::stagingPath(const std::string& name) const {
    return (fs::path(staging_) / name).string();
}
std::string ExportFolder::finalPath(const std::string& name) const {
    return (fs::path(target_) / name).string();
}

void ExportFolder::commit() {
    std::error_code error;
    const fs::path target(target_);
    const bool hadOld = fs::is_directory(target, error);
    if (hadOld) {
        // Everything of the old folder this export did not write comes along (hard links: no copy).
        for (fs::directory_iterator it(target, error), end; !error && it != end;
             it.increment(error)) {
            const fs::path into = fs::path(staging_) / it->path().filename();
            std::error_code kind;
            if (fs::exists(into, kind) || !it->is_regular_file(kind)) continue;
            std::error_code link;
            fs::create_hard_link(it->path(), into, link);
            if (link) fs::copy_file(it->path(), into, link);
            if (link)
                throw failure(it->path().string(), "cannot carry the file into the new export",
                              link);
        }
    }
    const std::string aside = siblingName(target, kOldTag);
    if (hadOld) {
        fs::rename(target, aside, error);
        if (error) throw failure(target_, "cannot set the previous export aside", error);
    }
    fs::rename(staging_, target, error);
    if (error) {
        std::error_code back;
        if (hadOld) fs::rename(aside, target, back); // the old export returns
        throw failure(target_, "cannot move the new export into place", error);
    }
    committed_ = true;
    if (hadOld) fs::remove_all(aside, error);
}

} // namespace gireview
