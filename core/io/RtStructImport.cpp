#include "io/RtStructImport.h"

#include "data/DataError.h"
#include "io/DicomIndex.h"
#include "io/DicomTags.h"

#include <gdcmReader.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <set>

namespace gireview {

namespace {

constexpr const char* kRtStructClass = "1.2.840.10008.5.1.4.1.1.481.3";

// A contour edge in pixel coordinates of its slice (pixel centres at whole numbers).
struct Edge {
    double u0, v0, u1, v1;
};

// Even-odd fill of the edges of one plane (all contours of one ROI on it): a pixel is set when a
// ray from its centre crosses the edges an odd number of times, so nested contours XOR (a hole,
// an island in a hole) and a keyhole's two coincident channel edges cancel. Crossings are taken
// half-open (v0 <= y < v1), so a vertex on a row counts once.
void fillEvenOdd(const std::vector<Edge>& edges, int width, int height,
                 std::vector<std::uint8_t>& plane) {
    double top = 1e300, bottom = -1e300;
    for (const Edge& e : edges) {
        top = std::min({top, e.v0, e.v1});
        bottom = std::max({bottom, e.v0, e.v1});
    }
    // Coordinates far off the grid (or not numbers) are clamped before they become ints.
    const auto clamp = [](double value, int limit) {
        return std::isnan(value) ? -1.0 : std::min(std::max(value, -1.0), double(limit) + 1.0);
    };
    const int firstRow = std::max(0, int(std::ceil(clamp(top, height)))),
              lastRow = std::min(height - 1, int(std::floor(clamp(bottom, height))));
    std::vector<double> crossings;
    for (int y = firstRow; y <= lastRow; ++y) {
        crossings.clear();
        for (const Edge& e : edges)
            if ((e.v0 <= y) != (e.v1 <= y))
                crossings.push_back(e.u0 + (y - e.v0) * (e.u1 - e.u0) / (e.v1 - e.v0));
        std::sort(crossings.begin(), crossings.end());
        for (size_t i = 0; i + 1 < crossings.size(); i += 2) {
            const int from = std::max(0, int(std::ceil(clamp(crossings[i], width))));
            const int to = std::min(width - 1, int(std::ceil(clamp(crossings[i + 1], width))) -
                                                   1); // centres in [x0, x1)
            for (int x = from; x <= to; ++x)
                plane[size_t(y) * size_t(width) + size_t(x)] = 1;
        }
    }
}

struct Contour {
    std::string type;
    std::vector<double> points; // x, y, z triples (LPS mm)
    std::string image;          // Referenced SOP Instance UID; empty when none
};

struct Roi {
    int number = 0;
    std::string name;
    std::vector<Contour> contours;
};

std::string listed(const std::set<std::string>& values, size_t most = 3) {
    std::string text;
    size_t shown = 0;
    for (const std::string& value : values) {
        if (shown == most) return text + " and " + std::to_string(values.size() - most) + " more";
        text += (shown++ ? ", " : "") + value;
    }
    return text;
}

} // namespace

bool isRtStructFile(const std::string& path) {
    return dicomSopClassOf(path) == kRtStructClass;
}

LabelImport importRtStruct(const std::string& path, const DatasetIndex& index,
                           const RoiNameTable& names) {
    silenceGdcmTrace();
    const ErrorContext where{path, {}, {}, 0, {}};
    if (!hasDicomPreamble(path)) throw IoError("not a DICOM file (no \"DICM\" at byte 128)", where);
    gdcm::Reader reader;
    reader.SetFileName(path.c_str());
    if (!reader.Read())
        throw IoError("cannot read the structure set: damaged or cut short; nothing imported",
                      where);
    const DicomElements set(reader.GetFile().GetDataSet());
    if (set.text(0x0008, 0x0016) != kRtStructClass)
        throw DataError("not an RT Structure Set (SOP Class " + set.text(0x0008, 0x0016) +
                            "); nothing imported",
                        where);
    const std::string patient = set.text(0x0010, 0x0020);
    std::set<std::string> setFrames;
    for (const auto& frame : set.items(0x3006, 0x0010))
        setFrames.insert(frame.text(0x0020, 0x0052));

    std::map<int, Roi> rois;
    for (const auto& item : set.items(0x3006, 0x0020)) {
        Roi roi;
        roi.number = std::atoi(item.text(0x3006, 0x0022).c_str());
        roi.name = item.text(0x3006, 0x0026);
        if (!item.text(0x3006, 0x0024).empty()) setFrames.insert(item.text(0x3006, 0x0024));
        rois[roi.number] = roi;
    }
    for (const auto& item : set.items(0x3006, 0x0039)) {
        const int number = std::atoi(item.text(0x3006, 0x0084).c_str());
        Roi& roi = rois[number];
        roi.number = number;
        for (const auto& contour : item.items(0x3006, 0x0040)) {
            Contour c;
            c.type = contour.text(0x3006, 0x0042);
            c.points = decimalValues(contour.text(0x3006, 0x0050));
            if (const auto image = contour.firstItem(0x3006, 0x0016))
                c.image = image->text(0x0008, 0x1155);
            roi.contours.push_back(std::move(c));
        }
    }
    if (rois.empty()) throw DataError("the structure set has no ROIs; nothing imported", where);

    // Every image of the dataset's DICOM days by its SOP Instance UID.
    const auto images = dicomImagesByUid(index);
    std::set<std::string> unresolved;
    std::set<const DayEntry*> referencedDays;
    bool someUnreferenced = false;
    for (const auto& [number, roi] : rois)
        for (const Contour& c : roi.contours) {
            if (c.image.empty()) {
                someUnreferenced = true;
                continue;
            }
            const auto found = images.find(c.image);
            if (found == images.end())
                unresolved.insert(c.image);
            else
                referencedDays.insert(found->second.day);
        }
    if (!unresolved.empty())
        throw DataError("contours reference " + std::to_string(unresolved.size()) +
                            " image(s) that are not in the dataset (" + listed(unresolved) +
                            "); nothing of the structure set is imported",
                        where);
    if (referencedDays.size() > 1)
        throw DataError("contours reference images of " + std::to_string(referencedDays.size()) +
                            " different series; nothing of the structure set is imported",
                        where);
    const DayEntry* day = referencedDays.empty() ? nullptr : *referencedDays.begin();
    if (!day) {
        // No image named anywhere: the series whose Frame of Reference is the structure set's.
        for (const DayEntry* candidate : index.days())
            if (candidate->dicom && setFrames.count(candidate->dicom->frameOfReferenceUid) &&
                candidate->dicom->identity.patientId == patient)
                day = candidate;
        if (!day)
            throw DataError("the structure set names no images, and no series of patient " +
                                patient + " is in its Frame of Reference (" + listed(setFrames) +
                                "); nothing imported",
                            where);
    }
    const DicomSeries& series = *day->dicom;
    if (series.identity.patientId != patient)
        throw DataError("the structure set is patient " + patient + "'s but its series (" +
                            formatCaseDayName(day->key) + ") is patient " +
                            series.identity.patientId + "'s; nothing imported",
                        where);
    LabelImport result;
    result.format = LabelFormat::Dicom;
    if (!setFrames.count(series.frameOfReferenceUid)) {
        if (someUnreferenced)
            throw DataError(
                "the structure set's Frame of Reference (" + listed(setFrames) +
                    ") is not its series' (" + series.frameOfReferenceUid +
                    ") and some contours name no image: they cannot be placed; nothing imported",
                where);
        result.problems.push_back({Problem::Severity::Warning, path,
                                   "the structure set's Frame of Reference (" + listed(setFrames) +
                                       ") is not its series' (" + series.frameOfReferenceUid +
                                       "); every contour names its image and is placed by it"});
    }
    if (!day->usable)
        throw GeometryError("its series (" + formatCaseDayName(day->key) +
                                ") cannot be opened as one volume",
                            where);

    // Rasterise: each mapped ROI's planes, XOR within a plane, OR into its organ's bit.
    const VolumeGeometry& g = day->geometry;
    LabelVolume volume(day->key, g);
    std::map<Organ, std::vector<std::string>> organRois;
    std::vector<std::uint8_t> plane(g.sliceSize());
    for (const auto& [number, roi] : rois) {
        const std::string roiName = roi.name.empty() ? "ROI " + std::to_string(number) : roi.name;
        const auto organ = names.organFor(roi.name);
        if (!organ) {
            result.problems.push_back(
                {Problem::Severity::Warning, path,
                 "ROI \"" + roiName +
                     "\" maps to no organ; not imported (map it in the settings' ROI names)"});
            continue;
        }
        organRois[*organ].push_back(roiName);
        std::map<int, std::vector<Edge>> edgesOf; // by slice
        size_t skipped = 0;
        for (const Contour& c : roi.contours) {
            if (c.type != "CLOSED_PLANAR") {
                ++skipped;
                continue;
            }
            const size_t count = c.points.size() / 3;
            if (count < 3) continue;
            std::vector<std::array<double, 3>> pixels(count);
            for (size_t i = 0; i < count; ++i) {
                double d[3];
                for (int a = 0; a < 3; ++a)
                    d[a] = c.points[i * 3 + size_t(a)] - g.origin[size_t(a)];
                const double spacing[3] = {g.spacingX, g.spacingY, g.spacingZ};
                for (int axis = 0; axis < 3; ++axis)
                    pixels[i][size_t(axis)] =
                        (d[0] * g.direction[size_t(axis)] + d[1] * g.direction[size_t(3 + axis)] +
                         d[2] * g.direction[size_t(6 + axis)]) /
                        spacing[axis];
            }
            int z = 0;
            if (!c.image.empty()) {
                z = images.at(c.image).z;
            } else {
                const double w = pixels[0][2];
                z = int(std::lround(std::isfinite(w) ? std::min(std::max(w, -1.0), double(g.depth))
                                                     : -1.0));
                for (const auto& p : pixels)
                    if (std::fabs(p[2] - z) > 0.5 || z < 0 || z >= g.depth)
                        throw DataError("a contour of ROI \"" + roiName +
                                            "\" names no image and lies on no slice of " +
                                            formatCaseDayName(day->key) +
                                            " (within half a slice); nothing imported",
                                        where);
            }
            auto& edges = edgesOf[z];
            for (size_t i = 0; i < count; ++i) {
                const auto& a = pixels[i];
                const auto& b = pixels[(i + 1) % count];
                edges.push_back({a[0], a[1], b[0], b[1]});
            }
        }
        if (skipped)
            result.problems.push_back(
                {Problem::Severity::Warning, path,
                 "ROI \"" + roiName + "\": " + std::to_string(skipped) +
                     " POINT or OPEN contour(s) skipped (only CLOSED_PLANAR contours are areas)"});
        const std::uint8_t bit = organBit(*organ);
        for (const auto& [z, edges] : edgesOf) {
            std::fill(plane.begin(), plane.end(), 0);
            fillEvenOdd(edges, g.width, g.height, plane);
            std::uint8_t* labels = volume.slice(z);
            for (size_t i = 0; i < plane.size(); ++i)
                if (plane[i]) labels[i] |= bit;
        }
    }
    LabelledSlices labelled = LabelledSlices::none(g.depth);
    for (const auto& [organ, rois] : organRois) {
        if (rois.size() > 1) {
            std::string list;
            for (const auto& name : rois)
                list += (list.empty() ? "\"" : ", \"") + name + "\"";
            result.problems.push_back({Problem::Severity::Warning, path,
                                       "ROIs " + list + " all map to " +
                                           std::string(organDisplayName(organ)) +
                                           "; they are united"});
        }
        for (int z = 0; z < g.depth; ++z)
            labelled.set(z, organ, true);
    }
    result.volumes.emplace(day->key, std::move(volume));
    result.labelled.emplace(day->key, std::move(labelled));
    return result;
}

} // namespace gireview
