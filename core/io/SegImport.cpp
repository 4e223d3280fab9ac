#include "io/SegImport.h"

#include "data/DataError.h"
#include "io/DicomIndex.h"
#include "io/DicomTags.h"

#include <gdcmImage.h>
#include <gdcmImageReader.h>
#include <gdcmReader.h>

#include <cstdlib>
#include <set>

namespace gireview {

namespace {

constexpr const char* kSegClass = "1.2.840.10008.5.1.4.1.1.66.4";

std::optional<Organ> organOfCode(const std::string& code) {
    if (code == "69695003") return Organ::Stomach;
    if (code == "30315005") return Organ::SmallBowel;
    if (code == "14742008") return Organ::LargeBowel;
    return std::nullopt;
}

struct Segment {
    std::string label, code;
    std::optional<Organ> organ;
};

struct Frame {
    int segment = 0;
    std::string image; // Referenced SOP Instance UID of its source image
};

} // namespace

bool isSegFile(const std::string& path) {
    return dicomSopClassOf(path) == kSegClass;
}

LabelImport importSeg(const std::string& path, const DatasetIndex& index,
                      const RoiNameTable& names) {
    silenceGdcmTrace();
    const ErrorContext where{path, {}, {}, 0, {}};
    gdcm::ImageReader reader;
    reader.SetFileName(path.c_str());
    if (!hasDicomPreamble(path) || !reader.Read())
        throw IoError(
            "cannot read the segmentation: damaged, cut short or not DICOM; nothing imported",
            where);
    const DicomElements seg(reader.GetFile().GetDataSet());
    if (seg.text(0x0008, 0x0016) != kSegClass)
        throw DataError("not a DICOM Segmentation (SOP Class " + seg.text(0x0008, 0x0016) +
                            "); nothing imported",
                        where);
    const std::string type = seg.text(0x0062, 0x0001);
    if (type != "BINARY" && type != "FRACTIONAL")
        throw DataError("segmentation type " + type +
                            "; expected BINARY or FRACTIONAL; nothing imported",
                        where);
    const int maxFraction =
        std::max(1, seg.integer(0x0062, 0x000e) ? seg.integer(0x0062, 0x000e) : 255);

    std::map<int, Segment> segments;
    for (const auto& item : seg.items(0x0062, 0x0002)) {
        Segment segment;
        segment.label = item.text(0x0062, 0x0005);
        if (const auto code = item.firstItem(0x0062, 0x000f))
            segment.code = code->text(0x0008, 0x0100);
        segment.organ = names.organFor(segment.label);
        if (!segment.organ) segment.organ = organOfCode(segment.code);
        segments[item.integer(0x0062, 0x0004)] = segment;
    }
    std::vector<Frame> frames;
    const auto shared = seg.firstItem(0x5200, 0x9229);
    for (const auto& group : seg.items(0x5200, 0x9230)) {
        Frame frame;
        auto identification = group.firstItem(0x0062, 0x000a);
        if (!identification && shared) identification = shared->firstItem(0x0062, 0x000a);
        if (identification) frame.segment = identification->integer(0x0062, 0x000b);
        auto derivation = group.firstItem(0x0008, 0x9124);
        if (derivation)
            if (const auto source = derivation->firstItem(0x0008, 0x2112))
                frame.image = source->text(0x0008, 0x1155);
        frames.push_back(frame);
    }

    const auto images = dicomImagesByUid(index);
    std::set<std::string> unresolved;
    std::set<const DayEntry*> days;
    for (const Frame& frame : frames) {
        if (frame.image.empty()) continue;
        const auto found = images.find(frame.image);
        if (found == images.end())
            unresolved.insert(frame.image);
        else
            days.insert(found->second.day);
    }
    if (!unresolved.empty()) {
        std::string list;
        for (const auto& uid : unresolved)
            list += (list.empty() ? "" : ", ") + uid;
        throw DataError("frames reference " + std::to_string(unresolved.size()) +
                            " image(s) that are not in the dataset (" + list +
                            "); nothing of the segmentation is imported",
                        where);
    }
    if (days.empty())
        throw DataError("no frame references an image of the dataset (no Source Image Sequence); "
                        "nothing imported",
                        where);
    if (days.size() > 1)
        throw DataError("frames reference images of several series; nothing imported", where);
    const DayEntry& day = **days.begin();
    const std::string patient = seg.text(0x0010, 0x0020);
    if (patient != day.dicom->identity.patientId)
        throw DataError("the segmentation is patient " + patient + "'s but its series (" +
                            formatCaseDayName(day.key) + ") is patient " +
                            day.dicom->identity.patientId + "'s; nothing imported",
                        where);
    const VolumeGeometry& g = day.geometry;
    const gdcm::Image& image = reader.GetImage();
    const unsigned int* dims = image.GetDimensions();
    if (int(dims[0]) != g.width || int(dims[1]) != g.height)
        throw GeometryError("frames are " + std::to_string(dims[0]) + "x" +
                                std::to_string(dims[1]) + " but the series is " +
                                std::to_string(g.width) + "x" + std::to_string(g.height) +
                                "; nothing imported",
                            where);
    std::vector<char> buffer(image.GetBufferLength());
    if (!image.GetBuffer(buffer.data()))
        throw IoError("the segmentation's pixel data cannot be decoded; nothing imported", where);
    const size_t frameSize = g.sliceSize(), all = frameSize * frames.size();
    const bool packed = buffer.size() < all; // BINARY: one bit a pixel, continuous across frames
    if ((packed && buffer.size() < (all + 7) / 8) || (!packed && buffer.size() < all))
        throw IoError("the segmentation's pixel data is shorter than its " +
                          std::to_string(frames.size()) + " frames; nothing imported",
                      where);

    LabelImport result;
    result.format = LabelFormat::Dicom;
    LabelVolume volume(day.key, g);
    std::set<Organ> organs;
    std::map<Organ, std::set<std::string>> organSegments;
    for (size_t f = 0; f < frames.size(); ++f) {
        const auto segment = segments.find(frames[f].segment);
        if (segment == segments.end() || !segment->second.organ || frames[f].image.empty())
            continue;
        const Organ organ = *segment->second.organ;
        organs.insert(organ);
        organSegments[organ].insert(segment->second.label);
        std::uint8_t* labels = volume.slice(images.at(frames[f].image).z);
        for (size_t i = 0; i < frameSize; ++i) {
            const size_t at = f * frameSize + i;
            const bool inside =
                packed             ? (static_cast<unsigned char>(buffer[at / 8]) >> (at % 8)) & 1
                : type == "BINARY" ? buffer[at] != 0
                                   : 2 * int(static_cast<unsigned char>(buffer[at])) >= maxFraction;
            if (inside) labels[i] |= organBit(organ);
        }
    }
    for (const auto& [number, segment] : segments) {
        if (!segment.organ)
            result.problems.push_back({Problem::Severity::Warning, path,
                                       "segment " + std::to_string(number) + " \"" + segment.label +
                                           "\" (code " + segment.code +
                                           ") maps to no organ; not imported (map its label in the "
                                           "settings' ROI names)"});
        else
            organs.insert(*segment.organ);
    }
    for (const auto& [organ, labels] : organSegments)
        if (labels.size() > 1)
            result.problems.push_back({Problem::Severity::Warning, path,
                                       std::to_string(labels.size()) + " segments map to " +
                                           std::string(organDisplayName(organ)) +
                                           "; they are united"});
    LabelledSlices labelled = LabelledSlices::none(g.depth);
    for (const Organ organ : organs)
        for (int z = 0; z < g.depth; ++z)
            labelled.set(z, organ, true);
    result.volumes.emplace(day.key, std::move(volume));
    result.labelled.emplace(day.key, std::move(labelled));
    return result;
}

} // namespace gireview
