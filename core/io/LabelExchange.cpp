#include "io/LabelExchange.h"

#include "io/AtomicFile.h"
#include "io/ExportFolder.h"
#include "data/DataError.h"
#include "io/NiftiIo.h"
#include "io/RtStructImport.h"
#include "io/SegImport.h"
#include "io/ScanVolumeLoader.h"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <set>
#include <stdexcept>

namespace fs = std::filesystem;

namespace gireview {

std::vector<ExportDay> exportDays(const DatasetIndex& index, const std::map<CaseDayKey, LabelVolume>* labels,
                                  const std::vector<CaseDayKey>& scope) {
    std::vector<ExportDay> days;
    const fs::path root = fs::path(index.root);
    // Paths are relative to the dataset root (the folder holding train/), as in COCO file_name.
    fs::path base = root;
    if (root.filename() == "train" || root.filename() == "test") base = root.parent_path();
    for (const DayEntry* entry : index.days()) {
        if (!entry->usable) continue;
        if (!scope.empty() && std::find(scope.begin(), scope.end(), entry->key) == scope.end()) continue;
        ExportDay day{entry->key, entry->geometry, {}, nullptr};
        if (labels) {
            auto found = labels->find(entry->key);
            if (found != labels->end()) day.labels = &found->second;
        }
        day.sliceFiles.resize(size_t(entry->geometry.depth));
        for (int z = 0; z < entry->geometry.depth; ++z) day.sliceFiles[size_t(z)] = kaggleSliceFile(entry->key, z + 1, entry->geometry);
        for (const auto& slice : entry->slices) {
            const fs::path relative = fs::path(slice.path).lexically_relative(base);
            if (!relative.empty() && relative.string().rfind("..", 0) != 0) day.sliceFiles[size_t(slice.slice - 1)] = relative.generic_string();
        }
        days.push_back(std::move(day));
    }
    return days;
}

namespace {

// The labels of a partly labelled day with the unlabelled pairs cleared, so that no format can
// carry a mask nobody vouched for.
LabelVolume keepLabelledPairs(const LabelVolume* labels, const LabelledSlices& labelled, CaseDayKey day, const VolumeGeometry& geometry) {
    LabelVolume kept(day, geometry);
    if (!labels) return kept;
    for (int z = 0; z < geometry.depth; ++z) {
        const std::uint8_t keep = labelled.organsOn(z);
        if (!keep) continue;
        const std::uint8_t* from = labels->slice(z);
        std::uint8_t* to = kept.slice(z);
        for (size_t i = 0; i < geometry.sliceSize(); ++i) to[i] = from[i] & keep;
    }
    return kept;
}

// NIfTI's companion of a partly labelled day: the organ's bit set on every voxel of the slices
// where that organ is labelled.
LabelVolume labelledBitsVolume(const LabelledSlices& labelled, CaseDayKey day, const VolumeGeometry& geometry) {
    LabelVolume bits(day, geometry);
    for (int z = 0; z < geometry.depth; ++z) std::fill(bits.slice(z), bits.slice(z) + geometry.sliceSize(), labelled.organsOn(z));
    return bits;
}

} // namespace

ExportReport exportLabels(const DatasetIndex& index, const std::map<CaseDayKey, LabelVolume>& labels, const std::string& out,
                          const ExportOptions& options, std::vector<CaseDayKey> scope, const std::function<bool(int, int)>& progress) {
    ExportReport report;
    if (options.reviewedOnly && !options.labelled)
        throw DataError("a reviewed-only export needs the review workspace's vouched pairs (ReviewDocument::exportLabels)",
                        ErrorContext{out, {}, {}, 0, {}});
    std::vector<ExportDay> days = exportDays(index, &labels, scope);
    // Partly labelled: keep the labelled pairs, drop days with none, count what was left out.
    std::map<CaseDayKey, LabelVolume> kept;
    if (options.labelled) {
        report.leftOut.reason = options.leftOutReason;
        std::vector<ExportDay> withPairs;
        for (ExportDay& day : days) {
            const auto found = options.labelled->find(day.day);
            const size_t pairs = found == options.labelled->end() ? 0 : found->second.pairs();
            report.leftOut.unlabelledPairs += size_t(day.geometry.depth) * kOrganCount - pairs;
            if (!pairs) {
                report.leftOut.emptyDays.push_back(day.day);
                continue;
            }
            day.labelled = &found->second;
            day.labels = &kept.emplace(day.day, keepLabelledPairs(day.labels, found->second, day.day, day.geometry)).first->second;
            withPairs.push_back(day);
        }
        days = std::move(withPairs);
    }
    const std::string sidecarPath = sidecarPathFor(out, options.format);
    std::map<std::string, std::string> hashes;
    if (options.changedOnly) {
        hashes = readSidecarHashes(sidecarPath);
        const size_t all = days.size();
        days.erase(std::remove_if(days.begin(), days.end(),
                                  [&](const ExportDay& day) {
                                      auto found = hashes.find(formatCaseDayName(day.day));
                                      return found != hashes.end() && found->second == labelContentHash(day);
                                  }),
                   days.end());
        report.unchangedDays = all - days.size();
    }
    report.days = days.size();
    const int total = int(days.size());
    std::optional<ExportFolder> folder; // a multi-file export
    auto tick = [&](int done) {
        if (progress && !progress(done, total)) throw IoError("export cancelled", ErrorContext{out, {}, {}, 0, {}});
    };
    switch (options.format) {
    case LabelFormat::TrainCsv:
    case LabelFormat::SubmissionCsv: {
        KaggleCsvWriter writer(out, options.format == LabelFormat::TrainCsv ? KaggleCsvKind::Train : KaggleCsvKind::Submission);
        int done = 0;
        for (const auto& day : days) {
            writer.addDay(day.day, day.geometry.depth, day.labels, day.labelled);
            tick(++done);
        }
        writer.commit();
        report.files.push_back(out);
        break;
    }
    case LabelFormat::Coco:
        tick(0); // a cancel before the file is written leaves the previous export whole
        writeCocoJson(out, days, options.coco, tick);
        report.files.push_back(out);
        break;
    case LabelFormat::Nifti: {
        // Built beside the target and swapped in whole (io/ExportFolder.h).
        folder.emplace(out);
        int done = 0;
        auto add = [&](const std::string& name) {
            report.files.push_back(folder->finalPath(name));
            return folder->stagingPath(name);
        };
        for (const auto& day : days) {
            const std::string stem = formatCaseDayName(day.day);
            LabelVolume empty;
            const LabelVolume* volume = day.labels;
            if (!volume) {
                empty = LabelVolume(day.day, day.geometry);
                volume = &empty;
            }
            writeLabelNifti(add(stem + ".nii.gz"), *volume);
            if (day.labelled) writeLabelNifti(add(stem + "_labelled.nii.gz"), labelledBitsVolume(*day.labelled, day.day, day.geometry));
            if (options.niftiPerOrgan)
                for (Organ organ : kAllOrgans) writeOrganNifti(add(stem + "_" + std::string(organClassName(organ)) + ".nii.gz"), *volume, organ);
            if (options.niftiImage) writeScanNifti(add(stem + "_image.nii.gz"), loadScanVolume(*index.findDay(day.day)));
            tick(++done);
        }
        writeSlicerColorTable(add("labels.ctbl"));
        writeItkSnapLabels(add("labels_itksnap.txt"));
        break;
    }
    case LabelFormat::Dicom:
        throw DataError("writing RTSTRUCT or DICOM SEG is not part of this version; export CSV, COCO JSON or NIfTI",
                        ErrorContext{out, {}, {}, 0, {}});
    }
    if (options.sidecar) {
        SidecarContent content;
        content.files = report.files;
        content.contentHashes = hashes; // days this export left alone keep their hashes
        for (const auto& day : days) content.contentHashes[formatCaseDayName(day.day)] = labelContentHash(day);
        content.source = options.source;
        content.tool = options.tool;
        content.sourceNotes = options.sourceNotes;
        content.workspace = options.workspace;
        content.partial = options.labelled != nullptr;
        content.leftOut = report.leftOut;
        writeLabelSidecar(folder ? folder->stagingPath("labels.sidecar.json") : sidecarPath, days, content);
        report.files.push_back(sidecarPath);
    }
    if (folder) folder->commit();
    return report;
}

LabelImport importLabels(const std::string& path, const DatasetIndex& index, const RoiNameTable& roiNames) {
    LabelImport result;
    result.format = labelFormatOfPath(path);
    switch (result.format) {
    case LabelFormat::Dicom:
        // A clinic's file: no sidecar of ours beside it.
        if (isRtStructFile(path)) return importRtStruct(path, index, roiNames);
        if (isSegFile(path)) return importSeg(path, index, roiNames);
        throw DataError("a DICOM file but neither an RT Structure Set nor a Segmentation: no labels to read",
                        ErrorContext{path, {}, {}, 0, {}});
    case LabelFormat::TrainCsv:
    case LabelFormat::SubmissionCsv: {
        auto csv = importKaggleCsv(path, index.geometry());
        result.format = csv.kind == KaggleCsvKind::Train ? LabelFormat::TrainCsv : LabelFormat::SubmissionCsv;
        result.volumes = std::move(csv.volumes);
        result.labelled = std::move(csv.rowsPresent);
        result.problems = std::move(csv.problems);
        break;
    }
    case LabelFormat::Coco: {
        auto coco = importCocoJson(path, exportDays(index, nullptr));
        result.volumes = std::move(coco.volumes);
        result.labelled = std::move(coco.labelled);
        result.problems = std::move(coco.problems);
        break;
    }
    case LabelFormat::Nifti: {
        std::set<CaseDayKey> seen;
        for (const DayEntry* day : index.days()) {
            if (!day->usable) continue;
            const fs::path file = fs::path(path) / (formatCaseDayName(day->key) + ".nii.gz");
            std::error_code error;
            if (!fs::exists(file, error)) {
                // No volume: unlabelled (not in `labelled`), never background.
                result.volumes.emplace(day->key, LabelVolume(day->key, day->geometry));
                continue;
            }
            try {
                result.volumes.emplace(day->key, readLabelNifti(file.string(), day->key, day->geometry));
                const fs::path bitsFile = fs::path(path) / (formatCaseDayName(day->key) + "_labelled.nii.gz");
                LabelledSlices labelled = LabelledSlices::all(day->geometry.depth);
                if (fs::exists(bitsFile, error)) {
                    // The companion of a partly labelled export: the bits of a slice are its labelled organs.
                    const LabelVolume bits = readLabelNifti(bitsFile.string(), day->key, day->geometry);
                    for (int z = 0; z < day->geometry.depth; ++z) {
                        const std::uint8_t* plane = bits.slice(z);
                        std::uint8_t organs = 0x7;
                        for (size_t i = 0; i < day->geometry.sliceSize(); ++i) organs &= plane[i];
                        labelled.setOrgans(z, organs);
                    }
                }
                result.labelled.emplace(day->key, std::move(labelled));
            } catch (const DataError& failure) {
                result.problems.push_back({Problem::Severity::Error, file.string(), failure.problem()});
                result.volumes.emplace(day->key, LabelVolume(day->key, day->geometry));
            }
            seen.insert(day->key);
        }
        if (seen.empty())
            throw IoError("no caseN_dayM.nii.gz of the dataset's " + std::to_string(index.days().size()) +
                              " case-days in this folder; nothing to import",
                          ErrorContext{path, {}, {}, 0, {}});
        // Label volumes for days the dataset does not have.
        std::error_code error;
        for (fs::directory_iterator it(path, error), end; !error && it != end; it.increment(error)) {
            const std::string name = it->path().filename().string();
            const std::string suffix = ".nii.gz";
            if (name.size() <= suffix.size() || name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) continue;
            CaseDayKey key;
            if (!tryParseCaseDayName(name.substr(0, name.size() - suffix.size()), key)) continue; // per-organ, image, _labelled files
            if (!seen.count(key))
                result.problems.push_back({Problem::Severity::Error, it->path().string(), "no case-day " + formatCaseDayName(key) + " in the dataset"});
        }
        break;
    }
    }
    // The sidecar of our own export is the authority on what is labelled.
    const std::string sidecar = sidecarPathFor(path, result.format == LabelFormat::SubmissionCsv ? LabelFormat::TrainCsv : result.format);
    if (auto listed = readSidecarLabelled(sidecar, index.geometry())) {
        result.labelled = std::move(*listed);
        result.sidecar = sidecar;
    }
    return result;
}

} // namespace gireview
