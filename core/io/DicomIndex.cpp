#include "io/DicomIndex.h"

#include "data/DataError.h"
#include "data/ParallelFor.h"
#include "io/AtomicFile.h"
#include "io/DicomTags.h"

#include <gdcmReader.h>
#include <gdcmTransferSyntax.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <set>

namespace fs = std::filesystem;

namespace gireview {

bool hasDicomPreamble(const std::string& path) {
    std::error_code error;
    if (!fs::is_regular_file(path, error)) return false;
    std::ifstream in(path, std::ios::binary);
    char head[132];
    if (!in.read(head, sizeof head)) return false;
    return std::memcmp(head + 128, "DICM", 4) == 0;
}

std::string dicomSopClassOf(const std::string& path) {
    if (!hasDicomPreamble(path)) return {};
    gdcm::Reader reader;
    reader.SetFileName(path.c_str());
    const gdcm::Tag pixelData(0x7fe0, 0x0010);
    if (!reader.ReadUpToTag(gdcm::Tag(0x0008, 0x0017), std::set<gdcm::Tag>{pixelData})) return {};
    return DicomElements(reader.GetFile().GetDataSet()).text(0x0008, 0x0016);
}

namespace {

constexpr const char* kDicomDirClass = "1.2.840.10008.1.3.10";

void add(DatasetIndex& index, Problem::Severity severity, std::string location,
         std::string message) {
    index.problems.push_back({severity, std::move(location), std::move(message)});
}

// One image (a file, or a frame of a multi-frame file) as its header describes it.
struct FrameHeader {
    std::string path;
    int frame = 0;
    double position[3] = {0, 0, 0};
    double orientation[6] = {0, 0, 0, 0, 0, 0};
    bool hasPosition = false, hasOrientation = false;
    double spacing[2] = {0, 0}; // between rows, between columns (Pixel Spacing's order)
    double slope = 1, intercept = 0;
    double thickness = 0;
};

struct FileHeader {
    std::string path;
    std::string error; // why it is not an image we read; empty when fine
    bool image = false;
    std::string sopClass, sopInstance, frameOfReference, patientId, studyUid, studyDate, studyTime,
        seriesUid, description, modality, imageType, transferSyntax, photometric;
    int rows = 0, columns = 0, bitsAllocated = 0, bitsStored = 0, pixelRepresentation = 0,
        samples = 1;
    int frames = 1;
    std::vector<FrameHeader> images;
};

bool copyNumbers(const std::string& text, double* out, size_t count) {
    const auto values = decimalValues(text);
    if (values.size() < count) return false;
    for (size_t i = 0; i < count; ++i)
        if (!std::isfinite(values[i])) return false;
    std::copy_n(values.begin(), count, out);
    return true;
}

// Geometry and rescale of one frame from the data sets that may carry them: the top level, then
// the shared and per-frame functional groups of an enhanced multi-frame image (later wins).
void readPlane(const DicomElements& elements, FrameHeader& frame) {
    if (copyNumbers(elements.text(0x0020, 0x0032), frame.position, 3)) frame.hasPosition = true;
    if (copyNumbers(elements.text(0x0020, 0x0037), frame.orientation, 6))
        frame.hasOrientation = true;
    copyNumbers(elements.text(0x0028, 0x0030), frame.spacing, 2);
    double value = 0;
    if (copyNumbers(elements.text(0x0028, 0x1053), &value, 1)) frame.slope = value;
    if (copyNumbers(elements.text(0x0028, 0x1052), &value, 1)) frame.intercept = value;
    if (copyNumbers(elements.text(0x0018, 0x0050), &value, 1)) frame.thickness = value;
}

void readFunctionalGroup(const DicomElements& group, FrameHeader& frame) {
    if (auto item = group.firstItem(0x0020, 0x9113)) readPlane(*item, frame); // Plane Position
    if (auto item = group.firstItem(0x0020, 0x9116)) readPlane(*item, frame); // Plane Orientation
    if (auto item = group.firstItem(0x0028, 0x9110)) readPlane(*item, frame); // Pixel Measures
    if (auto item = group.firstItem(0x0028, 0x9145))
        readPlane(*item, frame); // Pixel Value Transformation
}

FileHeader readHeader(const std::string& path) {
    FileHeader header;
    header.path = path;
    gdcm::Reader reader;
    reader.SetFileName(path.c_str());
    // Up to the pixel data, whose value is skipped, not read: the index reads headers only.
    const gdcm::Tag pixelData(0x7fe0, 0x0010);
    const bool read = reader.ReadUpToTag(pixelData, std::set<gdcm::Tag>{pixelData});
    const gdcm::File& file = reader.GetFile();
    // The file meta group is read first, so its transfer syntax is known even when the rest is not.
    const std::string metaSyntax = DicomElements(file.GetHeader()).text(0x0002, 0x0010);
    const bool syntaxKnown =
        metaSyntax.empty() ||
        gdcm::TransferSyntax::GetTSType(metaSyntax.c_str()) != gdcm::TransferSyntax::TS_END;
    if (!syntaxKnown) {
        header.error = "transfer syntax " + metaSyntax + " is not one any codec here reads";
        return header;
    }
    if (!read) {
        header.error = "not readable as DICOM (a damaged or cut-short header)";
        return header;
    }
    const DicomElements elements(file.GetDataSet());
    header.transferSyntax = metaSyntax;
    header.sopClass = elements.text(0x0008, 0x0016);
    if (header.sopClass.empty())
        header.sopClass = DicomElements(file.GetHeader()).text(0x0002, 0x0002);
    header.sopInstance = elements.text(0x0008, 0x0018);
    header.frameOfReference = elements.text(0x0020, 0x0052);
    header.patientId = elements.text(0x0010, 0x0020);
    header.studyUid = elements.text(0x0020, 0x000d);
    header.studyDate = elements.text(0x0008, 0x0020);
    header.studyTime = elements.text(0x0008, 0x0030);
    header.seriesUid = elements.text(0x0020, 0x000e);
    header.description = elements.text(0x0008, 0x103e);
    header.modality = elements.text(0x0008, 0x0060);
    header.imageType = elements.text(0x0008, 0x0008);
    header.photometric = elements.text(0x0028, 0x0004);
    header.rows = elements.integer(0x0028, 0x0010);
    header.columns = elements.integer(0x0028, 0x0011);
    if (header.sopClass == kDicomDirClass || header.rows <= 0 || header.columns <= 0)
        return header; // not an image
    header.image = true;
    header.bitsAllocated = elements.integer(0x0028, 0x0100);
    header.bitsStored = elements.integer(0x0028, 0x0101);
    header.pixelRepresentation = elements.integer(0x0028, 0x0103);
    header.samples = std::max(1, elements.integer(0x0028, 0x0002));
    header.frames = std::max(1, std::atoi(elements.text(0x0028, 0x0008).c_str()));
    // The reader stops in front of the pixel data; at the file's end (or past it) there is none.
    std::error_code error;
    const auto size = fs::file_size(path, error);
    const size_t position = reader.GetStreamCurrentPosition();
    if (!error && (position == size_t(-1) || position >= size)) {
        header.error = "no pixel data (7FE0,0010) in an image object";
        return header;
    }
    // Uncompressed pixel data has a known size: a file that ends before it was cut short (GDCM
    // would decode what is there and leave the rest as it happened to be).
    const gdcm::TransferSyntax syntax = file.GetHeader().GetDataSetTransferSyntax();
    if (!error && !syntax.IsEncapsulated()) {
        const size_t needed =
            (size_t(header.rows) * size_t(header.columns) * size_t(header.frames) *
                 size_t(header.samples) * size_t(std::max(1, header.bitsAllocated)) +
             7) /
            8; // a SEG packs 1 bit a pixel
        // The reader's position is the first byte of the pixel data's value.
        if (size < position + needed) {
            header.error = "cut short: the pixel data needs " + std::to_string(needed) +
                           " bytes, the file ends " + std::to_string(position + needed - size) +
                           " bytes early";
            return header;
        }
    }
    FrameHeader common;
    common.path = path;
    readPlane(elements, common);
    const auto shared = elements.firstItem(0x5200, 0x9229);
    if (shared) readFunctionalGroup(*shared, common);
    const auto perFrame = elements.items(0x5200, 0x9230);
    for (int f = 0; f < header.frames; ++f) {
        FrameHeader frame = common;
        frame.frame = f;
        if (size_t(f) < perFrame.size()) readFunctionalGroup(perFrame[size_t(f)], frame);
        header.images.push_back(frame);
    }
    return header;
}

std::string formatMm(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.3f", value);
    return buffer;
}

bool near(double a, double b, double tolerance) {
    return std::fabs(a - b) <= tolerance;
}

bool containsWord(const std::string& multiValue, const std::string& word) {
    size_t start = 0;
    while (start <= multiValue.size()) {
        size_t end = multiValue.find('\\', start);
        if (end == std::string::npos) end = multiValue.size();
        std::string value = multiValue.substr(start, end - start);
        while (!value.empty() && value.back() == ' ')
            value.pop_back();
        if (value == word) return true;
        start = end + 1;
    }
    return false;
}

// All images of one Series Instance UID.
struct SeriesImages {
    std::vector<const FileHeader*> files;
    std::vector<const FrameHeader*> frames;
    const FileHeader& first() const { return *files.front(); }
    // Measured once the series is complete (classify): distinct positions, and why it is not
    // a day of its own (empty when it may be).
    int positions = 0;
    std::string why;
};

int distinctPositions(const SeriesImages& series) {
    std::vector<std::array<double, 3>> seen;
    for (const FrameHeader* frame : series.frames) {
        if (!frame->hasPosition) continue;
        const bool known = std::any_of(seen.begin(), seen.end(), [&](const auto& p) {
            return near(p[0], frame->position[0], 1e-3) && near(p[1], frame->position[1], 1e-3) &&
                   near(p[2], frame->position[2], 1e-3);
        });
        if (!known) seen.push_back({frame->position[0], frame->position[1], frame->position[2]});
    }
    return int(seen.size());
}

// Why a series is not a day of its own; empty when it may be.
std::string exclusion(const SeriesImages& series, int positions) {
    const FileHeader& first = series.first();
    if (containsWord(first.imageType, "LOCALIZER")) return "localizer";
    if (first.imageType.rfind("DERIVED", 0) == 0) return "derived";
    if (first.modality != "MR" && first.modality != "CT")
        return "modality " + (first.modality.empty() ? "unknown" : first.modality);
    if (positions == 0) return "no Image Position (Patient)";
    if (int(series.frames.size()) >= 2 * positions && series.frames.size() > 1)
        return "cine (many images at one position)";
    return {};
}

void classify(SeriesImages& series) {
    series.positions = distinctPositions(series);
    series.why = exclusion(series, series.positions);
}

// Builds the day of a chosen series: sorted slices, geometry, problems. Returns false when it
// cannot be one volume (the day is then listed unusable with why).
void buildDay(const SeriesImages& series, DayEntry& day, DatasetIndex& index) {
    const size_t problemsBefore = index.problems.size();
    const FileHeader& first = series.first();
    const std::string dayName = formatCaseDayName(day.key);
    day.directory = fs::path(first.path).parent_path().string();
    const FrameHeader& reference = *series.frames.front();
    std::map<const FrameHeader*, const FileHeader*> fileOf; // which file an image is in
    for (const FileHeader* file : series.files)
        for (const FrameHeader& frame : file->images)
            fileOf[&frame] = file;
    auto series_ = std::make_shared<DicomSeries>();
    series_->studyUid = first.studyUid;
    series_->frameOfReferenceUid = first.frameOfReference;
    series_->description = first.description;
    series_->modality = first.modality;
    series_->sopClassUid = first.sopClass;
    series_->transferSyntax = first.transferSyntax;
    series_->signedPixels = first.pixelRepresentation == 1;
    series_->bitsStored = first.bitsStored;
    series_->frames = int(series.frames.size());
    series_->multiFrame = first.frames > 1;
    series_->identity = {first.patientId, first.seriesUid, first.studyDate, first.studyTime};
    series_->rescale = series_->signedPixels
                           ? IntensityRescale::forSignedStored(reference.slope, reference.intercept)
                           : IntensityRescale{reference.slope, reference.intercept};

    // Everything that must agree within a series, checked image by image, naming the file.
    for (const FileHeader* file : series.files) {
        if (file->rows != first.rows || file->columns != first.columns) {
            add(index, Problem::Severity::Error, file->path,
                "mixed sizes in the series of " + dayName + ": " + std::to_string(file->columns) +
                    "x" + std::to_string(file->rows) + " but " + first.path + " is " +
                    std::to_string(first.columns) + "x" + std::to_string(first.rows));
            day.usable = false;
        }
        if (file->samples != 1 ||
            (file->photometric != "MONOCHROME2" && file->photometric != "MONOCHROME1")) {
            add(index, Problem::Severity::Error, file->path,
                "photometric interpretation " + file->photometric +
                    "; expected a grey-scale image (MONOCHROME2)");
            day.usable = false;
        }
        if (file->bitsAllocated != 8 && file->bitsAllocated != 16) {
            add(index, Problem::Severity::Error, file->path,
                std::to_string(file->bitsAllocated) + " bits allocated; expected 8 or 16");
            day.usable = false;
        }
        if (file->pixelRepresentation != first.pixelRepresentation) {
            add(index, Problem::Severity::Error, file->path,
                "signed and unsigned pixels mixed in one series");
            day.usable = false;
        }
    }
    bool orientationShown = false, rescaleShown = false;
    for (const FrameHeader* frame : series.frames) {
        bool sameOrientation = frame->hasOrientation;
        for (int i = 0; i < 6 && sameOrientation; ++i)
            sameOrientation = near(frame->orientation[i], reference.orientation[i], 1e-4);
        if (!sameOrientation && !orientationShown) {
            add(index, Problem::Severity::Error, frame->path,
                frame->hasOrientation ? "mixed orientations in one series (Image Orientation "
                                        "(Patient) differs from " +
                                            reference.path + ")"
                                      : "no Image Orientation (Patient)");
            day.usable = false;
            orientationShown = true;
        }
        if (!frame->hasPosition) {
            add(index, Problem::Severity::Error, frame->path, "no Image Position (Patient)");
            day.usable = false;
        }
        if ((!near(frame->slope, reference.slope, 1e-9) ||
             !near(frame->intercept, reference.intercept, 1e-9)) &&
            !rescaleShown) {
            add(index, Problem::Severity::Error, frame->path,
                "Rescale Slope/Intercept differ between the images of one series; the first "
                "image's are used");
            rescaleShown = true;
        }
        if (!near(frame->spacing[0], reference.spacing[0], 1e-4) ||
            !near(frame->spacing[1], reference.spacing[1], 1e-4)) {
            add(index, Problem::Severity::Error, frame->path, "mixed pixel spacings in one series");
            day.usable = false;
        }
    }
    if (reference.spacing[0] <= 0 || reference.spacing[1] <= 0) {
        add(index, Problem::Severity::Error, reference.path, "no Pixel Spacing (0028,0030)");
        day.usable = false;
    }
    const double* row = reference.orientation;
    const double* column = reference.orientation + 3;
    double normal[3] = {row[1] * column[2] - row[2] * column[1],
                        row[2] * column[0] - row[0] * column[2],
                        row[0] * column[1] - row[1] * column[0]};
    const double length =
        std::sqrt(normal[0] * normal[0] + normal[1] * normal[1] + normal[2] * normal[2]);
    if (!day.usable || length < 0.5) {
        if (day.usable)
            add(index, Problem::Severity::Error, reference.path,
                "Image Orientation (Patient) is not two unit vectors");
        day.usable = false;
        day.problems.assign(index.problems.begin() + long(problemsBefore), index.problems.end());
        day.dicom = series_;
        return;
    }
    for (double& n : normal)
        n /= length;
    // Slices run from head to feet like a Kaggle day's (slice 1 the most superior): the k axis is
    // the normal, turned to point inferior when it has a superior component.
    if (normal[2] > 0)
        for (double& n : normal)
            n = -n;
    std::vector<std::pair<double, const FrameHeader*>> along;
    for (const FrameHeader* frame : series.frames)
        along.emplace_back(frame->position[0] * normal[0] + frame->position[1] * normal[1] +
                               frame->position[2] * normal[2],
                           frame);
    std::stable_sort(along.begin(), along.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::pair<double, const FrameHeader*>> unique;
    for (const auto& entry : along) {
        if (!unique.empty() && near(entry.first, unique.back().first, 1e-3)) {
            add(index, Problem::Severity::Error, entry.second->path,
                "duplicate position " + formatMm(entry.first) + " mm along the normal (also " +
                    unique.back().second->path + "); the first is used");
            continue;
        }
        unique.push_back(entry);
    }
    // The step between slices: the median of the steps between positions.
    std::vector<double> steps;
    for (size_t i = 1; i < unique.size(); ++i)
        steps.push_back(unique[i].first - unique[i - 1].first);
    double step =
        reference.thickness > 0 ? reference.thickness : 1.0; // one slice: nothing else says
    if (!steps.empty()) {
        std::vector<double> sorted = steps;
        std::nth_element(sorted.begin(), sorted.begin() + long(sorted.size() / 2), sorted.end());
        step = sorted[sorted.size() / 2];
    }
    // Positions off the line through the first along the normal (an in-plane shift between
    // slices, a sheared stack) would make the volume lie by more than half a pixel somewhere.
    // Scanners that step the table along z while the slices tilt a fraction of a degree
    // (nibabel's Siemens 0.dcm and 1.dcm) shift far less and are one volume.
    const double halfPixel = 0.5 * std::min(reference.spacing[0], reference.spacing[1]);
    for (const auto& [distance, frame] : unique) {
        double offset[3];
        for (int i = 0; i < 3; ++i)
            offset[i] = frame->position[i] - unique.front().second->position[i] -
                        normal[i] * (distance - unique.front().first);
        if (std::sqrt(offset[0] * offset[0] + offset[1] * offset[1] + offset[2] * offset[2]) >
            halfPixel) {
            add(index, Problem::Severity::Error, frame->path,
                "slice position is shifted in its plane against " + unique.front().second->path +
                    "; the series is not one volume");
            day.usable = false;
            break;
        }
    }
    int number = 1;
    std::vector<int> missing;
    for (size_t i = 0; i < unique.size(); ++i) {
        if (i > 0) {
            const double gap = unique[i].first - unique[i - 1].first;
            const double ratio = gap / step;
            const long whole = std::lround(ratio);
            if (!near(gap, step, std::max(0.01, step * 0.01))) {
                if (whole >= 2 && near(ratio, double(whole), 0.02) && whole <= 50) {
                    for (long k = 1; k < whole; ++k)
                        missing.push_back(number++);
                    add(index, Problem::Severity::Error, unique[i].second->path,
                        "gap in the series: " + std::to_string(whole - 1) +
                            " slice position(s) missing between it and " +
                            unique[i - 1].second->path + " (" + formatMm(gap) +
                            " mm apart, the step is " + formatMm(step) + " mm); shown blank");
                } else {
                    add(index, Problem::Severity::Error, unique[i].second->path,
                        "uneven spacing: " + formatMm(gap) + " mm from " +
                            unique[i - 1].second->path + ", the series' step is " + formatMm(step) +
                            " mm; the series is not one volume");
                    day.usable = false;
                }
            }
        }
        SliceEntry slice;
        slice.slice = number++;
        slice.path = unique[i].second->path;
        slice.frame = series_->multiFrame ? unique[i].second->frame : -1;
        if (!series_->multiFrame) slice.sopInstanceUid = fileOf.at(unique[i].second)->sopInstance;
        slice.name.slice = slice.slice;
        slice.name.width = first.columns;
        slice.name.height = first.rows;
        slice.name.spacingX = reference.spacing[1];
        slice.name.spacingY = reference.spacing[0];
        // (no spacing texts: formatSliceFileName writes the spacing with two decimals)
        day.slices.push_back(std::move(slice));
    }
    day.missingSlices = missing;
    VolumeGeometry& g = day.geometry;
    g.width = first.columns;
    g.height = first.rows;
    g.depth = number - 1;
    g.spacingX = reference.spacing[1];
    g.spacingY = reference.spacing[0];
    g.spacingZ = std::fabs(step);
    for (int i = 0; i < 3; ++i)
        g.origin[size_t(i)] = unique.front().second->position[i];
    for (int i = 0; i < 3; ++i) {
        g.direction[size_t(i * 3 + 0)] = row[i];
        g.direction[size_t(i * 3 + 1)] = column[i];
        g.direction[size_t(i * 3 + 2)] = normal[i];
    }
    if (g.depth > kMaxSliceNumber || g.width > kMaxSliceSide || g.height > kMaxSliceSide) {
        add(index, Problem::Severity::Error, first.path,
            "series of " + std::to_string(g.width) + "x" + std::to_string(g.height) + "x" +
                std::to_string(g.depth) + " is beyond what GI Review opens (" +
                std::to_string(kMaxSliceSide) + " per side, " + std::to_string(kMaxSliceNumber) +
                " slices)");
        day.usable = false;
    }
    series_->positions = int(unique.size());
    series_->obliquityDegrees = obliquityDegrees(normal);
    day.dicom = series_;
    day.problems.assign(index.problems.begin() + long(problemsBefore), index.problems.end());
}

} // namespace

std::map<std::string, DicomImagePlace> dicomImagesByUid(const DatasetIndex& index) {
    std::map<std::string, DicomImagePlace> images;
    for (const DayEntry* day : index.days())
        if (day->dicom)
            for (const SliceEntry& slice : day->slices)
                if (!slice.sopInstanceUid.empty())
                    images[slice.sopInstanceUid] = {day, slice.slice - 1};
    return images;
}

bool scanDicomFolder(const fs::path& root, DatasetIndex& index, const ScanOptions& options) {
    // Every regular file under the root (links to folders are not followed: no cycles).
    std::vector<std::string> candidates;
    std::error_code error;
    for (fs::recursive_directory_iterator
             it(root, fs::directory_options::skip_permission_denied, error),
         end;
         !error && it != end; it.increment(error)) {
        std::error_code typeError;
        if (it->is_regular_file(typeError)) candidates.push_back(it->path().string());
    }
    std::sort(candidates.begin(), candidates.end());
    std::vector<std::string> files, others;
    for (const std::string& path : candidates)
        (hasDicomPreamble(path) ? files : others).push_back(path);
    if (files.empty()) return false;
    for (const std::string& path : others) {
        const fs::path p(path);
        const std::string name = p.filename().string();
        if (name.empty() || name[0] == '.' || name.rfind("gireview-", 0) == 0)
            continue; // ours, or hidden
        const std::string extension = p.extension().string();
        const bool namedLikeDicom = extension.empty() || extension == ".dcm" ||
                                    extension == ".DCM" || extension == ".ima" ||
                                    extension == ".IMA";
        add(index, namedLikeDicom ? Problem::Severity::Error : Problem::Severity::Warning, path,
            "not a DICOM file (no \"DICM\" at byte 128); skipped");
    }

    silenceGdcmTrace();
    std::vector<FileHeader> headers(files.size());
    std::atomic<size_t> done{0};
    std::atomic<bool> cancelled{false};
    // Headers are read on two workers; progress and Cancel are asked from the first only, so the
    // callback is never called concurrently.
    parallelFor(files.size(), std::min(2, defaultThreadCount()), [&](size_t i, int worker) {
        if (cancelled.load()) return;
        headers[i] = readHeader(files[i]);
        const size_t finished = ++done;
        if (worker == 0 && options.onDay && !options.onDay(finished, files.size()))
            cancelled = true;
    });
    if (cancelled.load() || (options.onDay && !options.onDay(files.size(), files.size())))
        throw ScanCancelled();

    // Group the images by series, the series by study.
    std::map<std::string, SeriesImages> bySeries;
    std::map<std::string, std::string> instances; // SOP Instance UID -> first file
    for (FileHeader& header : headers) {
        if (!header.error.empty()) {
            add(index, Problem::Severity::Error, header.path, header.error);
            continue;
        }
        if (!header.image) continue; // DICOMDIR, structure sets, reports: not scans
        // The same image twice (a folder copied into itself, an export run twice): once is read.
        if (!header.sopInstance.empty()) {
            const auto [first, added] = instances.emplace(header.sopInstance, header.path);
            if (!added) {
                add(index, Problem::Severity::Warning, header.path,
                    "the same image (SOP Instance UID " + header.sopInstance + ") as " +
                        first->second + "; read once");
                continue;
            }
        }
        if (header.seriesUid.empty()) {
            // Nothing says which images belong together: the file is a series of its own, and
            // its path stands for the UID it lacks.
            add(index, Problem::Severity::Warning, header.path,
                "no Series Instance UID (0020,000E); read as a series of its own");
            header.seriesUid = "file:" + header.path;
        }
        SeriesImages& series = bySeries[header.seriesUid];
        series.files.push_back(&header);
        for (const FrameHeader& frame : header.images)
            series.frames.push_back(&frame);
    }
    for (auto& [uid, series] : bySeries) classify(series);
    std::map<std::string, std::vector<std::string>> studySeries; // study -> series keys
    for (const auto& [uid, series] : bySeries) {
        const FileHeader& first = series.first();
        studySeries[first.studyUid.empty() ? first.patientId + "/" + uid : first.studyUid]
            .push_back(uid);
    }
    std::vector<const SeriesImages*> chosen;
    for (const auto& [study, uids] : studySeries) {
        const SeriesImages* best = nullptr;
        std::vector<std::pair<const SeriesImages*, std::string>> considered;
        // A study of derived series only (a downsized or reformatted copy) still opens: its
        // longest derived series is taken, and the reviewer is told.
        const bool onlyDerived =
            std::all_of(uids.begin(), uids.end(),
                        [&](const std::string& uid) {
                            const std::string& why = bySeries.at(uid).why;
                            return !why.empty() && why != "localizer" &&
                                   why.rfind("cine", 0) != 0 && why.rfind("modality", 0) != 0;
                        }) &&
            std::any_of(uids.begin(), uids.end(), [&](const std::string& uid) {
                return bySeries.at(uid).why == "derived";
            });
        for (const std::string& uid : uids) {
            const SeriesImages& series = bySeries.at(uid);
            std::string why = series.why;
            if (onlyDerived && why == "derived") why.clear();
            considered.emplace_back(&series, why);
            if (!why.empty()) continue;
            const bool preferred = options.preferredSeries.count(uid) > 0;
            const bool bestPreferred =
                best && options.preferredSeries.count(best->first().seriesUid) > 0;
            if (!best || (preferred && !bestPreferred) ||
                (preferred == bestPreferred &&
                 series.positions > best->positions))
                best = &series;
        }
        for (const auto& [series, why] : considered) {
            const FileHeader& first = series->first();
            DicomSeriesChoice choice{
                first.studyUid,
                first.seriesUid,
                first.patientId,
                first.description,
                first.modality,
                series->positions,
                int(series->frames.size()),
                series == best,
                series == best ? std::string()
                               : (why.empty() ? "another series of the study was chosen" : why),
                first.path};
            index.dicomSeries.push_back(std::move(choice));
        }
        if (best && onlyDerived)
            add(index, Problem::Severity::Warning, best->first().path,
                "study " + study +
                    " has derived series only; the one with the most positions is taken as its "
                    "day");
        if (best)
            chosen.push_back(best);
        else
            add(index, Problem::Severity::Warning, bySeries.at(uids.front()).first().path,
                "study " + study + " has no MR or CT series to review (" +
                    std::to_string(uids.size()) + " series: localizers, derived or cine only)");
    }
    if (chosen.empty()) {
        if (bySeries.empty())
            add(index, Problem::Severity::Error, root.string(),
                "DICOM files found, but no image series among them");
        return true;
    }

    // Case and day numbers: once and for ever when a registry file is given.
    std::vector<SeriesIdentity> identities;
    for (const SeriesImages* series : chosen) {
        const FileHeader& first = series->first();
        identities.push_back({first.patientId, first.seriesUid, first.studyDate, first.studyTime});
    }
    CaseDayRegistry registry = options.caseDayRegistry.empty()
                                   ? CaseDayRegistry()
                                   : CaseDayRegistry::load(options.caseDayRegistry);
    const size_t knownBefore = registry.entries().size();
    const std::vector<CaseDayKey> keys = registry.assignAll(identities);
    if (!options.caseDayRegistry.empty() && registry.entries().size() != knownBefore) {
        try {
            registry.save(options.caseDayRegistry);
        } catch (const std::exception& error) {
            add(index, Problem::Severity::Warning, options.caseDayRegistry,
                std::string("the case-day numbers of new series could not be kept (") +
                    error.what() + "); they hold for this session only");
        }
    }

    std::map<int, CaseEntry> cases;
    for (size_t i = 0; i < chosen.size(); ++i) {
        DayEntry day;
        day.key = keys[i];
        buildDay(*chosen[i], day, index);
        CaseEntry& entry = cases[day.key.caseNo];
        entry.caseNo = day.key.caseNo;
        entry.days.push_back(std::move(day));
    }
    for (auto& [caseNo, entry] : cases) {
        std::sort(entry.days.begin(), entry.days.end(),
                  [](const DayEntry& a, const DayEntry& b) { return a.key < b.key; });
        index.cases.push_back(std::move(entry));
    }
    return true;
}

} // namespace gireview
