#include "io/KaggleCsv.h"

#include "io/AtomicFile.h"
#include "data/DataError.h"
#include "io/KaggleRle.h"
#include "data/SliceName.h"

#include <algorithm>

namespace gireview {

std::string_view maskColumnName(KaggleCsvKind kind) {
    return kind == KaggleCsvKind::Train ? "segmentation" : "predicted";
}

KaggleCsvReader::KaggleCsvReader(const std::string& path) : records_(path) {
    if (!records_.next(fields_))
        throw CsvError("empty CSV file; expected a header id,class,segmentation or "
                       "id,class,predicted",
                       ErrorContext{path, {}, {}, 1, {}});
    bool haveId = false, haveClass = false, haveMask = false;
    for (size_t i = 0; i < fields_.size(); ++i) {
        auto name = fields_[i];
        if (name == "id") idColumn_ = i, haveId = true;
        else if (name == "class") classColumn_ = i, haveClass = true;
        else if (name == "segmentation") maskColumn_ = i, haveMask = true, kind_ = KaggleCsvKind::Train;
        else if (name == "predicted") maskColumn_ = i, haveMask = true, kind_ = KaggleCsvKind::Submission;
    }
    if (!haveId || !haveClass || !haveMask) {
        std::string header;
        for (auto f : fields_) header += (header.empty() ? "" : ",") + std::string(f);
        throw CsvError("unexpected CSV header; expected columns id,class,segmentation (train.csv) "
                       "or id,class,predicted (submission)",
                       ErrorContext{path, {}, {}, 1, header});
    }
    minFields_ = std::max({idColumn_, classColumn_, maskColumn_}) + 1;
}

bool KaggleCsvReader::next(KaggleCsvRow& row) {
    while (records_.next(fields_)) {
        if (fields_.size() == 1 && fields_[0].empty()) continue; // blank line
        if (fields_.size() < minFields_) {
            ErrorContext context{records_.path(), {}, {}, records_.recordLine(), {}};
            if (!fields_.empty()) context.rowId = std::string(fields_[0]);
            throw CsvError("row has " + std::to_string(fields_.size()) + " fields; expected " +
                               std::to_string(minFields_),
                           context);
        }
        row.id = fields_[idColumn_];
        row.className = fields_[classColumn_];
        row.rle = fields_[maskColumn_];
        if (row.rle == "NaN" || row.rle == "nan") row.rle = {};
        row.line = records_.recordLine();
        return true;
    }
    return false;
}

KaggleCsvWriter::KaggleCsvWriter(const std::string& path, KaggleCsvKind kind) : writer_(path) {
    chunk_ = "id,class," + std::string(maskColumnName(kind)) + "\n";
}

void KaggleCsvWriter::flushIfLarge() {
    if (chunk_.size() > (1 << 20)) {
        writer_.write(chunk_);
        chunk_.clear();
    }
}

void KaggleCsvWriter::addDay(CaseDayKey day, int depth, const LabelVolume* labels, const LabelledSlices* labelled) {
    if (labels && labels->geometry().depth != depth)
        throw GeometryError("label volume has " + std::to_string(labels->geometry().depth) +
                                " slices but the day has " + std::to_string(depth),
                            ErrorContext{writer_.targetPath(), formatCaseDayName(day), {}, 0, {}});
    for (int z = 0; z < depth; ++z) {
        const std::string id = formatSliceId(day, z + 1);
        for (Organ organ : kAllOrgans) {
            if (labelled && !labelled->has(z, organ)) continue; // unlabelled: no row, never an empty mask
            chunk_ += id;
            chunk_ += ',';
            chunk_ += organClassName(organ);
            chunk_ += ',';
            if (labels)
                KaggleRle::encodeAppend(labels->slice(z), labels->geometry().sliceSize(),
                                        organBit(organ), chunk_);
            chunk_ += '\n';
        }
        flushIfLarge();
    }
}

void KaggleCsvWriter::commit() {
    writer_.write(chunk_);
    chunk_.clear();
    writer_.commit();
}

void writeKaggleCsv(const std::string& path, KaggleCsvKind kind, std::vector<CsvDay> days) {
    std::sort(days.begin(), days.end(),
              [](const CsvDay& a, const CsvDay& b) { return a.day < b.day; });
    KaggleCsvWriter writer(path, kind);
    for (const CsvDay& day : days) writer.addDay(day.day, day.depth, day.labels);
    writer.commit();
}

LabelCsvImport importKaggleCsv(const std::string& path,
                               const std::map<CaseDayKey, VolumeGeometry>& geometry) {
    LabelCsvImport result;
    for (const auto& [day, grid] : geometry) result.volumes.emplace(day, LabelVolume(day, grid));
    // Which (slice, class) rows were seen, to report duplicates: 3 bits per slice.
    std::map<CaseDayKey, std::vector<std::uint8_t>> seen;
    for (const auto& [day, grid] : geometry) seen[day].assign(size_t(grid.depth), 0);

    KaggleCsvReader reader(path);
    result.kind = reader.kind();
    auto where = [&](const KaggleCsvRow& row) {
        return "line " + std::to_string(row.line) + ", id " + quoteForMessage(row.id) + ", class " +
               quoteForMessage(row.className);
    };
    auto addError = [&](const KaggleCsvRow& row, std::string message) {
        result.problems.push_back({Problem::Severity::Error, where(row), std::move(message)});
    };
    KaggleCsvRow row;
    LabelVolume* cachedVolume = nullptr; // rows come grouped by day: skip the map lookup
    std::vector<std::uint8_t>* cachedSeen = nullptr;
    CaseDayKey cachedDay{-1, -1};
    while (reader.next(row)) {
        ++result.rows;
        SliceId id;
        try {
            id = parseSliceId(row.id);
        } catch (const NameError& error) {
            addError(row, error.problem());
            continue;
        }
        auto organ = organFromClassName(row.className);
        if (!organ) {
            addError(row, "unknown class '" + quoteForMessage(row.className) +
                              "'; expected large_bowel, small_bowel or stomach");
            continue;
        }
        if (id.day != cachedDay) {
            auto volume = result.volumes.find(id.day);
            cachedVolume = volume == result.volumes.end() ? nullptr : &volume->second;
            cachedSeen = cachedVolume ? &seen[id.day] : nullptr;
            cachedDay = id.day;
        }
        if (!cachedVolume) {
            addError(row, "no case-day " + formatCaseDayName(id.day) +
                                  " among the dataset's usable case-days (gireview-cli validate says why one is not usable)");
            continue;
        }
        const auto& grid = cachedVolume->geometry();
        if (id.slice > grid.depth) {
            addError(row, "slice " + std::to_string(id.slice) + " is not on disk (the day has " +
                              std::to_string(grid.depth) + " slices)");
            continue;
        }
        auto& seenBits = (*cachedSeen)[size_t(id.slice - 1)];
        if (seenBits & organBit(*organ)) {
            addError(row, "duplicate row for this id and class");
            continue;
        }
        seenBits |= organBit(*organ);
        if (result.daysWithRows.empty() || result.daysWithRows.back() != id.day) result.daysWithRows.push_back(id.day);
        if (row.rle.empty()) continue;
        try {
            ErrorContext context{path, std::string(row.id), std::string(row.className), row.line, {}};
            KaggleRle::decodeInto(row.rle, cachedVolume->slice(id.slice - 1), grid.sliceSize(),
                                  organBit(*organ), context);
            ++result.nonEmptyRows;
        } catch (const RleError& error) {
            // Undo the runs applied before the bad token: this row is the slice's only source.
            std::uint8_t* plane = cachedVolume->slice(id.slice - 1);
            const auto keep = static_cast<std::uint8_t>(~organBit(*organ));
            for (size_t i = 0; i < grid.sliceSize(); ++i) plane[i] &= keep;
            addError(row, error.problem() + " (token '" + error.context().token + "')");
        }
    }
    std::sort(result.daysWithRows.begin(), result.daysWithRows.end());
    result.daysWithRows.erase(std::unique(result.daysWithRows.begin(), result.daysWithRows.end()), result.daysWithRows.end());
    for (const CaseDayKey& day : result.daysWithRows) {
        const auto& bits = seen[day];
        LabelledSlices rows = LabelledSlices::none(int(bits.size()));
        for (size_t z = 0; z < bits.size(); ++z) rows.setOrgans(int(z), bits[z]);
        result.rowsPresent.emplace(day, std::move(rows));
    }
    return result;
}

} // namespace gireview
