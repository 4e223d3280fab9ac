#include "io/DatasetIndex.h"

#include "data/DataError.h"
#include "io/AtomicFile.h"
#include "io/DicomIndex.h"
#include "io/PngCodec.h"

#include <algorithm>
#include <filesystem>
#include <set>

namespace fs = std::filesystem;

namespace gireview {
namespace {

void addProblem(DatasetIndex& index, Problem::Severity severity, std::string location,
                std::string message) {
    index.problems.push_back({severity, std::move(location), std::move(message)});
}

std::vector<fs::path> sortedChildren(const fs::path& dir, DatasetIndex& index) {
    std::vector<fs::path> children;
    std::error_code error;
    for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error))
        children.push_back(it->path());
    if (error)
        addProblem(index, Problem::Severity::Error, dir.string(),
                   "cannot list folder: " + error.message());
    std::sort(children.begin(), children.end());
    return children;
}

std::string compressRanges(const std::vector<int>& numbers) {
    std::string text;
    for (size_t i = 0; i < numbers.size();) {
        size_t j = i;
        while (j + 1 < numbers.size() && numbers[j + 1] == numbers[j] + 1) ++j;
        text += (text.empty() ? "" : ", ") + std::to_string(numbers[i]);
        if (j > i) text += "-" + std::to_string(numbers[j]);
        i = j + 1;
    }
    return text;
}

void scanDay(const fs::path& dayDir, CaseDayKey key, DatasetIndex& index,
             const ScanOptions& options, CaseEntry& caseEntry) {
    DayEntry day;
    day.key = key;
    const size_t problemsBefore = index.problems.size();
    day.directory = dayDir.string();
    fs::path scans = dayDir / "scans";
    std::error_code error;
    fs::path sliceDir = fs::is_directory(scans, error) ? scans : dayDir;
    std::vector<SliceEntry> found;
    for (const fs::path& file : sortedChildren(sliceDir, index)) {
        const std::string name = file.filename().string();
        const bool slicePattern = name.rfind("slice_", 0) == 0 && file.extension() == ".png";
        if (fs::is_directory(file, error)) {
            if (slicePattern)
                addProblem(index, Problem::Severity::Error, file.string(), "a folder named like a slice file; skipped");
            continue;
        }
        // A FIFO, device or socket named like a slice would block whoever opens it: never opened.
        if (const auto status = fs::status(file, error); !error && !fs::is_regular_file(status)) {
            addProblem(index, Problem::Severity::Error, file.string(), "not a regular file (a FIFO, device or socket?); skipped");
            continue;
        }
        if (!slicePattern) {
            if (!name.empty() && name[0] != '.')
                addProblem(index, Problem::Severity::Warning, file.string(),
                           "ignored: not a slice_NNNN_W_H_SW_SH.png file");
            continue;
        }
        try {
            SliceEntry entry;
            entry.path = file.string();
            entry.name = parseSliceFileName(name);
            entry.slice = entry.name.slice;
            found.push_back(std::move(entry));
        } catch (const NameError& nameError) {
            addProblem(index, Problem::Severity::Error, file.string(), nameError.problem());
        }
    }
    std::stable_sort(found.begin(), found.end(),
                     [](const SliceEntry& a, const SliceEntry& b) { return a.slice < b.slice; });
    const std::string dayName = formatCaseDayName(key);
    for (auto& entry : found) {
        if (!day.slices.empty() && day.slices.back().slice == entry.slice) {
            addProblem(index, Problem::Severity::Error, entry.path,
                       "duplicate slice " + std::to_string(entry.slice) + " in " + dayName +
                           " (also " + day.slices.back().path + "); the first is used");
            continue;
        }
        day.slices.push_back(std::move(entry));
    }
    if (day.slices.empty()) {
        addProblem(index, Problem::Severity::Error, day.directory, "no slice files in " + dayName);
        day.usable = false;
        day.problems.assign(index.problems.begin() + long(problemsBefore), index.problems.end());
        caseEntry.days.push_back(std::move(day));
        return;
    }
    const SliceFileName& first = day.slices.front().name;
    day.geometry.width = first.width;
    day.geometry.height = first.height;
    day.geometry.spacingX = first.spacingX;
    day.geometry.spacingY = first.spacingY;
    day.geometry.spacingZ = kSliceThicknessMm;
    day.geometry.depth = day.slices.back().slice;
    size_t checked = 0, misSized = 0;
    for (auto& entry : day.slices) {
        if (entry.name.width != first.width || entry.name.height != first.height) {
            addProblem(index, Problem::Severity::Error, entry.path,
                       "mixed sizes in " + dayName + ": " + std::to_string(entry.name.width) +
                           "x" + std::to_string(entry.name.height) + " but slice " +
                           std::to_string(first.slice) + " is " + std::to_string(first.width) +
                           "x" + std::to_string(first.height));
            day.usable = false;
        } else if (entry.name.spacingX != first.spacingX || entry.name.spacingY != first.spacingY) {
            addProblem(index, Problem::Severity::Error, entry.path,
                       "mixed pixel spacings in " + dayName + ": " + entry.name.spacingXText +
                           "x" + entry.name.spacingYText + " mm but slice " +
                           std::to_string(first.slice) + " is " + first.spacingXText + "x" +
                           first.spacingYText + " mm");
            day.usable = false;
        }
        if (options.checkHeaders) {
            ++checked;
            try {
                PngHeader header = readPngHeaderAndEndFromFile(entry.path);
                if (header.width != entry.name.width || header.height != entry.name.height) {
                    addProblem(index, Problem::Severity::Error, entry.path,
                               "image is " + std::to_string(header.width) + "x" +
                                   std::to_string(header.height) + " but its name says " +
                                   std::to_string(entry.name.width) + "x" +
                                   std::to_string(entry.name.height));
                    entry.unreadable = true;
                    ++misSized;
                }
                else if (header.colorType != 0) {
                    addProblem(index, Problem::Severity::Error, entry.path,
                               "colour image; expected 16-bit grayscale");
                    entry.unreadable = true;
                }
                else if (header.bitDepth == 8)
                    addProblem(index, Problem::Severity::Warning, entry.path,
                               "8-bit grayscale copy; expected 16-bit (loads, with reduced "
                               "intensity resolution)");
            } catch (const DataError& headerError) {
                addProblem(index, Problem::Severity::Error, entry.path,
                           "unreadable: " + headerError.problem());
                entry.unreadable = true;
            }
        }
    }
    // One mis-sized file is a blank slice; a day where no file is the size its name says is
    // never allocated by what the names claim.
    if (checked && misSized == checked) day.usable = false;
    std::vector<int> missing;
    for (int number = 1, i = 0; number <= day.geometry.depth; ++number) {
        if (day.slices[size_t(i)].slice == number) ++i;
        else missing.push_back(number);
    }
    if (!missing.empty()) {
        day.missingSlices = missing;
        addProblem(index, Problem::Severity::Error, day.directory,
                   "missing slice numbers in " + dayName + ": " + compressRanges(missing));
    }
    day.problems.assign(index.problems.begin() + long(problemsBefore), index.problems.end());
    caseEntry.days.push_back(std::move(day));
}

// What a scan will visit, listed before any slice file is looked at, so progress has a total.
struct DayFolder {
    fs::path directory;
    CaseDayKey key;
};
struct CaseFolder {
    fs::path directory; // empty for a lone case-day folder
    int caseNo = 0;
    std::vector<DayFolder> days;
};

CaseFolder listCase(const fs::path& caseDir, int caseNo, DatasetIndex& index) {
    CaseFolder folder{caseDir, caseNo, {}};
    std::error_code error;
    for (const fs::path& child : sortedChildren(caseDir, index)) {
        if (!fs::is_directory(child, error)) continue;
        CaseDayKey key;
        if (!tryParseCaseDayName(child.filename().string(), key)) {
            addProblem(index, Problem::Severity::Warning, child.string(),
                       "ignored: folder name is not caseN_dayM");
            continue;
        }
        if (key.caseNo != caseNo) {
            addProblem(index, Problem::Severity::Error, child.string(),
                       "day folder of case " + std::to_string(key.caseNo) + " inside case" +
                           std::to_string(caseNo));
            continue;
        }
        folder.days.push_back({child, key});
    }
    return folder;
}

void scanListed(const std::vector<CaseFolder>& folders, DatasetIndex& index,
                const ScanOptions& options) {
    size_t total = 0, done = 0;
    for (const CaseFolder& folder : folders) total += folder.days.size();
    for (const CaseFolder& folder : folders) {
        CaseEntry entry;
        entry.caseNo = folder.caseNo;
        for (const DayFolder& day : folder.days) {
            if (options.onDay && !options.onDay(done, total)) throw ScanCancelled();
            scanDay(day.directory, day.key, index, options, entry);
            ++done;
        }
        std::sort(entry.days.begin(), entry.days.end(),
                  [](const DayEntry& a, const DayEntry& b) { return a.key < b.key; });
        if (entry.days.empty())
            addProblem(index, Problem::Severity::Warning, folder.directory.string(),
                       "case folder has no days");
        index.cases.push_back(std::move(entry));
    }
    if (options.onDay && !options.onDay(done, total)) throw ScanCancelled();
}

} // namespace

std::vector<int> DayEntry::unusableSlices() const {
    std::vector<int> numbers = missingSlices;
    for (const SliceEntry& entry : slices)
        if (entry.unreadable) numbers.push_back(entry.slice);
    std::sort(numbers.begin(), numbers.end());
    return numbers;
}

size_t DatasetIndex::dayCount() const {
    size_t n = 0;
    for (const auto& c : cases) n += c.days.size();
    return n;
}

size_t DatasetIndex::sliceCount() const {
    size_t n = 0;
    for (const auto& c : cases)
        for (const auto& d : c.days) n += d.slices.size();
    return n;
}

const DayEntry* DatasetIndex::findDay(CaseDayKey key) const {
    for (const auto& c : cases)
        if (c.caseNo == key.caseNo)
            for (const auto& d : c.days)
                if (d.key == key) return &d;
    return nullptr;
}

std::vector<const DayEntry*> DatasetIndex::days() const {
    std::vector<const DayEntry*> all;
    for (const auto& c : cases)
        for (const auto& d : c.days) all.push_back(&d);
    return all;
}

std::map<CaseDayKey, VolumeGeometry> DatasetIndex::geometry() const {
    std::map<CaseDayKey, VolumeGeometry> grids;
    for (const auto* day : days())
        if (day->usable) grids[day->key] = day->geometry;
    return grids;
}

DatasetIndex scanDataset(const std::string& path, const ScanOptions& options) {
    DatasetIndex index;
    std::error_code error;
    fs::path input = fs::path(path).lexically_normal();
    if (input.has_filename() == false) input = input.parent_path();
    if (!fs::exists(input, error))
        throw IoError("dataset folder does not exist", ErrorContext{path, {}, {}, 0, {}});
    if (!fs::is_directory(input, error))
        throw IoError("not a folder; expected a dataset root, a case folder or a case-day folder",
                      ErrorContext{path, {}, {}, 0, {}});
    index.root = input.string();
    fs::path folder = input;
    CaseDayKey dayKey;
    // "scans" is a day's slice folder only below caseN_dayM; elsewhere it is any root's name
    // (../shared/data/scans holds train/caseN/...).
    if (folder.filename() == "scans" && tryParseCaseDayName(folder.parent_path().filename().string(), dayKey))
        folder = folder.parent_path();

    int caseNo = 0;
    std::vector<CaseFolder> folders;
    if (tryParseCaseDayName(folder.filename().string(), dayKey)) {
        folders.push_back({{}, dayKey.caseNo, {{folder, dayKey}}});
    } else if (tryParseCaseName(folder.filename().string(), caseNo)) {
        folders.push_back(listCase(folder, caseNo, index));
    } else {
        fs::path casesDir = folder;
        if (fs::is_directory(folder / "train", error)) casesDir = folder / "train";
        else if (fs::is_directory(folder / "test", error)) casesDir = folder / "test";
        const fs::path labels = folder / "train.csv";
        if (const auto type = fs::status(labels, error).type(); type == fs::file_type::regular)
            index.labelsFile = labels.string();
        else if (type != fs::file_type::not_found && type != fs::file_type::none)
            addProblem(index, Problem::Severity::Error, labels.string(),
                       std::string("the labels file is ") + describeFileType(type) + ", not a regular file; not read");
        for (const fs::path& child : sortedChildren(casesDir, index)) {
            if (!fs::is_directory(child, error)) continue;
            if (tryParseCaseName(child.filename().string(), caseNo))
                folders.push_back(listCase(child, caseNo, index));
            else if (child.filename() != "train" && child.filename() != "test")
                addProblem(index, Problem::Severity::Warning, child.string(),
                           "ignored: folder name is not caseN");
        }
        // No case folders: a folder of DICOM files, recognised by their content (what the
        // Kaggle walk said of its folders does not apply then).
        if (folders.empty() && index.labelsFile.empty()) {
            DatasetIndex dicom;
            dicom.root = index.root;
            if (scanDicomFolder(input, dicom, options)) return dicom;
        }
        if (folders.empty())
            addProblem(index, Problem::Severity::Error, folder.string(),
                       "no case folders found; expected train/caseN/caseN_dayM/scans/*.png, a "
                       "case folder, a case-day folder or a folder of DICOM files");
    }
    scanListed(folders, index, options);
    std::sort(index.cases.begin(), index.cases.end(),
              [](const CaseEntry& a, const CaseEntry& b) { return a.caseNo < b.caseNo; });
    return index;
}

} // namespace gireview
