#pragma once
// The two CSV forms of the competition: train.csv ("id,class,segmentation") and the submission
// ("id,class,predicted"). Reading streams rows; writing emits every slice x class of the given
// case-days in a deterministic order (case, day, slice ascending; classes in train.csv order),
// with an empty field for an empty mask, through a temporary file renamed into place.
#include "io/AtomicFile.h"
#include "io/CsvReader.h"
#include "data/LabelVolume.h"
#include "data/LabelledSlices.h"
#include "data/Problem.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace gireview {

enum class KaggleCsvKind { Train, Submission };

std::string_view maskColumnName(KaggleCsvKind kind); // "segmentation" or "predicted"

struct KaggleCsvRow {
    std::string_view id;
    std::string_view className;
    std::string_view rle; // "" for empty masks (empty field or NaN)
    long line = 0;
};

class KaggleCsvReader {
public:
    explicit KaggleCsvReader(const std::string& path); // throws IoError, CsvError (bad header)
    KaggleCsvKind kind() const { return kind_; }
    // Throws CsvError for a row with too few fields.
    bool next(KaggleCsvRow& row);
    const std::string& path() const { return records_.path(); }

private:
    CsvRecordReader records_;
    std::vector<std::string_view> fields_;
    KaggleCsvKind kind_ = KaggleCsvKind::Train;
    size_t idColumn_ = 0, classColumn_ = 1, maskColumn_ = 2, minFields_ = 3;
};

// Streams rows day by day into a temporary file that commit() renames into place; callers add
// days in the order they should appear. Destroyed without commit(), it leaves nothing behind.
class KaggleCsvWriter {
public:
    KaggleCsvWriter(const std::string& path, KaggleCsvKind kind);
    // Every slice x class row of one day (only the labelled pairs when `labelled` is given);
    // labels == nullptr writes empty masks.
    void addDay(CaseDayKey day, int depth, const LabelVolume* labels, const LabelledSlices* labelled = nullptr);
    void commit();

private:
    void flushIfLarge();
    AtomicFileWriter writer_;
    std::string chunk_;
};

// Writes every slice x class row of `days` sorted by case and day; a day without labels
// (nullptr) gets empty masks.
struct CsvDay {
    CaseDayKey day;
    int depth = 0;
    const LabelVolume* labels = nullptr;
};
void writeKaggleCsv(const std::string& path, KaggleCsvKind kind, std::vector<CsvDay> days);

// Decodes a CSV into label volumes on the dataset's grids. Every problem is collected: ids that
// match no slice on disk, unknown classes, duplicate rows, malformed ids and RLEs, each with
// its line, id and class. Rows with problems are not applied.
struct LabelCsvImport {
    KaggleCsvKind kind = KaggleCsvKind::Train;
    std::map<CaseDayKey, LabelVolume> volumes; // one per case-day of the geometry map
    std::vector<Problem> problems;
    size_t rows = 0;
    size_t nonEmptyRows = 0;
    std::vector<CaseDayKey> daysWithRows; // sorted: the case-days the file has rows for
    LabelledMap rowsPresent;              // per day with rows: the (slice, class) pairs that have a row
};
LabelCsvImport importKaggleCsv(const std::string& path,
                               const std::map<CaseDayKey, VolumeGeometry>& geometry);

} // namespace gireview
