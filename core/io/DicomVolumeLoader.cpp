#include "io/DicomVolumeLoader.h"

#include "data/DataError.h"
#include "data/ParallelFor.h"
#include "io/DicomTags.h"

#include <gdcmImage.h>
#include <gdcmImageReader.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <new>

namespace gireview {
namespace {

// Stored values of one frame into the volume's uint16 voxels: unsigned as they are, signed with
// the 32768 offset the series' IntensityRescale undoes (DicomSeries::rescale), 8-bit widened.
void convertFrame(const char* frame, gdcm::PixelFormat::ScalarType type, size_t pixels,
                  std::uint16_t* out) {
    switch (type) {
    case gdcm::PixelFormat::UINT16:
    case gdcm::PixelFormat::UINT12:
        std::copy_n(reinterpret_cast<const std::uint16_t*>(frame), pixels, out);
        break;
    case gdcm::PixelFormat::INT16:
    case gdcm::PixelFormat::INT12: {
        const auto* in = reinterpret_cast<const std::int16_t*>(frame);
        for (size_t i = 0; i < pixels; ++i)
            out[i] = IntensityRescale::signedToStored(in[i]);
        break;
    }
    case gdcm::PixelFormat::UINT8: {
        const auto* in = reinterpret_cast<const std::uint8_t*>(frame);
        for (size_t i = 0; i < pixels; ++i)
            out[i] = in[i];
        break;
    }
    case gdcm::PixelFormat::INT8: {
        const auto* in = reinterpret_cast<const std::int8_t*>(frame);
        for (size_t i = 0; i < pixels; ++i)
            out[i] = IntensityRescale::signedToStored(in[i]);
        break;
    }
    default:
        break;
    }
}

size_t bytesPerPixel(gdcm::PixelFormat::ScalarType type) {
    switch (type) {
    case gdcm::PixelFormat::UINT8:
    case gdcm::PixelFormat::INT8:
        return 1;
    case gdcm::PixelFormat::UINT16:
    case gdcm::PixelFormat::INT16:
    case gdcm::PixelFormat::UINT12:
    case gdcm::PixelFormat::INT12:
        return 2;
    default:
        return 0;
    }
}

std::string cannotDecode(const gdcm::Image& image) {
    const char* syntax = image.GetTransferSyntax().GetString();
    return "unusable: its pixel data cannot be decoded (transfer syntax " +
           std::string(syntax ? syntax : "unknown") + "; damaged or cut short?)";
}

// One file's frames that the day takes: (frame in the file, 0-based slice in the volume).
struct FileSlices {
    std::string path;
    std::vector<std::pair<int, int>> frames;
};

// Decodes a file and copies its frames into the volume; the problem that leaves them blank.
std::optional<std::string> decodeFile(const FileSlices& file, const VolumeGeometry& geometry,
                                      bool signedSeries, ScanVolume& volume) {
    gdcm::ImageReader reader;
    reader.SetFileName(file.path.c_str());
    if (!reader.Read())
        return std::string(
            "unusable: cannot be read as a DICOM image (damaged, cut short, or no pixel data)");
    const gdcm::Image& image = reader.GetImage();
    const unsigned int* dims = image.GetDimensions();
    if (int(dims[0]) != geometry.width || int(dims[1]) != geometry.height)
        return "unusable: image is " + std::to_string(dims[0]) + "x" + std::to_string(dims[1]) +
               " but the series is " + std::to_string(geometry.width) + "x" +
               std::to_string(geometry.height);
    const gdcm::PixelFormat format = image.GetPixelFormat();
    const size_t bytes = bytesPerPixel(format.GetScalarType());
    if (bytes == 0 || format.GetSamplesPerPixel() != 1)
        return "unusable: pixel format " + std::string(format.GetScalarTypeAsString()) + " with " +
               std::to_string(format.GetSamplesPerPixel()) +
               " sample(s); expected 8 or 16-bit grey";
    const bool signedPixels = format.GetPixelRepresentation() == 1;
    if (signedPixels != signedSeries)
        return std::string("unusable: signed and unsigned pixels mixed in one series");
    const size_t frameBytes = geometry.sliceSize() * bytes;
    const unsigned int frameCount = image.GetNumberOfDimensions() > 2 ? dims[2] : 1;
    // The common case, one 16-bit frame a file: decoded straight into its slice, no copy between.
    if (frameCount == 1 && bytes == 2 && file.frames.size() == 1 &&
        file.frames.front().first == 0 && image.GetBufferLength() == frameBytes) {
        std::uint16_t* slice = volume.slice(file.frames.front().second);
        if (!image.GetBuffer(reinterpret_cast<char*>(slice))) return cannotDecode(image);
        if (signedPixels) // the 32768 offset of signed series: flipping the sign bit adds it
            for (size_t i = 0; i < geometry.sliceSize(); ++i)
                slice[i] ^= 0x8000u;
        return std::nullopt;
    }
    std::vector<char> buffer;
    try {
        buffer.resize(image.GetBufferLength());
    } catch (const std::bad_alloc&) {
        return std::string("unusable: not enough memory to decode it");
    }
    if (buffer.size() < frameBytes * frameCount || !image.GetBuffer(buffer.data()))
        return cannotDecode(image);
    for (const auto& [frame, z] : file.frames) {
        if (frame < 0 || unsigned(frame) >= frameCount)
            return "unusable: frame " + std::to_string(frame + 1) + " is not in the file";
        convertFrame(buffer.data() + frameBytes * size_t(frame), format.GetScalarType(),
                     geometry.sliceSize(), volume.slice(z));
    }
    return std::nullopt;
}

} // namespace

ScanVolume loadDicomScanVolume(const DayEntry& day, const LoadOptions& options) {
    const std::string dayName = formatCaseDayName(day.key);
    if (!day.usable || day.slices.empty() || !day.dicom)
        throw GeometryError(
            "case-day cannot be loaded as one volume (see the dataset report: mixed sizes or "
            "orientations, uneven spacing, or no images)",
            ErrorContext{day.directory, dayName, {}, 0, {}});
    ScanVolume volume = [&] {
        try {
            return ScanVolume(day.key, day.geometry);
        } catch (const std::bad_alloc&) {
            throw IoError("not enough memory for " + dayName,
                          ErrorContext{day.directory, dayName, {}, 0, {}});
        }
    }();
    volume.setRescale(day.dicom->rescale);
    for (const Problem& problem : day.problems)
        volume.addProblem(problem);
    for (int number : day.unusableSlices())
        volume.markSliceUnusable(number - 1);
    // A multi-frame file is decoded once for all its frames.
    std::vector<FileSlices> files;
    std::map<std::string, size_t> fileIndex;
    for (const SliceEntry& slice : day.slices) {
        if (slice.unreadable || (options.onlySlice >= 0 && slice.slice - 1 != options.onlySlice))
            continue;
        auto [it, added] = fileIndex.emplace(slice.path, files.size());
        if (added) files.push_back({slice.path, {}});
        files[it->second].frames.emplace_back(std::max(0, slice.frame), slice.slice - 1);
    }
    silenceGdcmTrace();
    const int threads = options.threads > 0 ? options.threads : defaultThreadCount();
    std::atomic<int> done{0};
    std::mutex problemMutex;
    std::vector<std::pair<size_t, std::string>> failed;
    parallelFor(files.size(), threads, [&](size_t i, int) {
        if (options.cancel && options.cancel->load()) throw LoadCancelled();
        auto problem = decodeFile(files[i], day.geometry, day.dicom->signedPixels, volume);
        if (problem) {
            std::lock_guard<std::mutex> lock(problemMutex);
            failed.emplace_back(i, std::move(*problem));
        }
        const int finished = done += int(files[i].frames.size());
        if (options.progress) options.progress(finished, int(day.slices.size()));
    });
    std::sort(failed.begin(), failed.end());
    for (auto& [i, message] : failed) {
        for (const auto& [frame, z] : files[i].frames) {
            volume.markSliceUnusable(z);
            std::fill_n(volume.slice(z), day.geometry.sliceSize(), std::uint16_t(0));
        }
        volume.addProblem({Problem::Severity::Error, files[i].path, message});
    }
    if (const auto blank = volume.unusableSlices(); !blank.empty() && options.onlySlice < 0)
        volume.addProblem({Problem::Severity::Warning, day.directory,
                           std::to_string(blank.size()) + " of " +
                               std::to_string(day.geometry.depth) + " slices of " + dayName +
                               " have no usable image and are shown blank; nothing is predicted, "
                               "drawn or exported there"});
    return volume;
}

} // namespace gireview
