#pragma once
// The one writer for every multi-file export (a NIfTI folder; the DICOM exports reuse it): the
// new export is built in a folder beside the target and swapped in whole with two renames (old
// aside, new in place) before the old is removed, so a reader sees the whole old export or the
// whole new one. Files of the old folder that this export does not write (days left alone by
// --changed-only, anything the user keeps there) are hard-linked into the new one first, so
// nothing is lost. Destroyed without commit() (an error, a cancel, Ctrl+C) it removes what it
// built and leaves the old export untouched; leftovers of a killed run are removed next time.
#include <string>

namespace gireview {

class ExportFolder {
public:
    explicit ExportFolder(std::string target); // throws IoError
    ~ExportFolder();
    ExportFolder(const ExportFolder&) = delete;
    ExportFolder& operator=(const ExportFolder&) = delete;

    // Where to write `name` now (inside the folder being built).
    std::string stagingPath(const std::string& name) const;
    // Where `name` will be once committed.
    std::string finalPath(const std::string& name) const;
    const std::string& target() const { return target_; }
    void commit(); // throws IoError; the old export stays in place on failure

private:
    std::string target_, staging_;
    bool committed_ = false;
};

} // namespace gireview
