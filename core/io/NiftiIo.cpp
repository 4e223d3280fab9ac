#include "io/NiftiIo.h"

#include "io/NiftiCheck.h"

#include "io/AtomicFile.h"
#include "data/DataError.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <itkImage.h>
#include <itkImageFileReader.h>
#include <itkImageFileWriter.h>
#include <itkNiftiImageIO.h>
#include <random>

namespace gireview {

namespace {

template <typename Pixel>
using Volume = itk::Image<Pixel, 3>;

template <typename Pixel>
typename Volume<Pixel>::Pointer makeImage(const VolumeGeometry& g) {
    auto image = Volume<Pixel>::New();
    typename Volume<Pixel>::RegionType region;
    region.SetSize({{itk::SizeValueType(g.width), itk::SizeValueType(g.height), itk::SizeValueType(g.depth)}});
    image->SetRegions(region);
    const double spacing[3] = {g.spacingX, g.spacingY, g.spacingZ};
    image->SetSpacing(spacing);
    const double origin[3] = {g.origin[0], g.origin[1], g.origin[2]};
    image->SetOrigin(origin);
    typename Volume<Pixel>::DirectionType direction; // the day's own: a Kaggle day's slice 1 is the most superior
    for (unsigned row = 0; row < 3; ++row)
        for (unsigned column = 0; column < 3; ++column) direction[row][column] = g.direction[row * 3 + column];
    image->SetDirection(direction);
    image->Allocate();
    return image;
}

std::string directionText(const VolumeGeometry& g) {
    if (g.direction == VolumeGeometry{}.direction) return "diag(1, 1, -1)";
    std::string text = "(";
    for (size_t i = 0; i < 9; ++i) text += (i ? (i % 3 ? ", " : "; ") : "") + std::to_string(g.direction[i]);
    return text + ")";
}

std::string temporaryNameFor(const std::string& path) {
    static thread_local std::mt19937_64 random{std::random_device{}()};
    const std::filesystem::path target(path);
    char suffix[32];
    std::snprintf(suffix, sizeof suffix, "%012llx", static_cast<unsigned long long>(random() & 0xffffffffffffULL));
    // Keep the .nii.gz ending: ITK picks the format from it.
    return (target.parent_path() / ("." + std::string(suffix) + ".tmp.nii.gz")).string();
}

template <typename Pixel>
void writeAtomically(const std::string& path, typename Volume<Pixel>::Pointer image) {
    const std::string temp = temporaryNameFor(path);
    try {
        auto writer = itk::ImageFileWriter<Volume<Pixel>>::New();
        writer->SetImageIO(itk::NiftiImageIO::New());
        writer->SetFileName(temp);
        writer->SetInput(image);
        writer->UseCompressionOn();
        writer->Update();
    } catch (const itk::ExceptionObject& error) {
        std::error_code ignored;
        std::filesystem::remove(temp, ignored);
        throw IoError(std::string("cannot write NIfTI file: ") + error.GetDescription(), ErrorContext{path, {}, {}, 0, {}});
    }
    std::error_code error;
    std::filesystem::rename(temp, path, error);
    if (error) {
        std::filesystem::remove(temp, error);
        throw IoError("cannot move the NIfTI file into place", ErrorContext{path, {}, {}, 0, {}});
    }
}

template <typename Pixel, typename Source, typename Convert>
void writeVolume(const std::string& path, const VolumeGeometry& g, const Source* source, Convert convert) {
    auto image = makeImage<Pixel>(g);
    Pixel* out = image->GetBufferPointer();
    for (size_t i = 0; i < g.voxelCount(); ++i) out[i] = convert(source[i]);
    writeAtomically<Pixel>(path, image);
}

} // namespace

void writeLabelNifti(const std::string& path, const LabelVolume& labels) {
    writeVolume<std::uint8_t>(path, labels.geometry(), labels.data(), [](std::uint8_t v) { return std::uint8_t(v & 7); });
}

void writeOrganNifti(const std::string& path, const LabelVolume& labels, Organ organ) {
    const std::uint8_t bit = organBit(organ);
    writeVolume<std::uint8_t>(path, labels.geometry(), labels.data(), [bit](std::uint8_t v) { return std::uint8_t((v & bit) ? 1 : 0); });
}

void writeScanNifti(const std::string& path, const ScanVolume& scan) {
    // The intensities a reader of the file must see: the stored values as they are (Kaggle,
    // unsigned MR), int16 for a series whose rescale is a whole offset within its range (CT at
    // -1024, a signed series' 32768), float32 otherwise (every stored value times a slope such
    // as 2 plus -4096 is an integer float32 holds exactly).
    const IntensityRescale& rescale = scan.rescale();
    if (rescale.identity() || scan.geometry().voxelCount() == 0) {
        writeVolume<std::uint16_t>(path, scan.geometry(), scan.data(), [](std::uint16_t v) { return v; });
        return;
    }
    const auto [lowest, highest] = std::minmax_element(scan.data(), scan.data() + scan.geometry().voxelCount());
    const bool wholeOffset = rescale.slope == 1.0 && rescale.intercept == std::floor(rescale.intercept) &&
                             *lowest + rescale.intercept >= -32768.0 &&
                             *highest + rescale.intercept <= 32767.0;
    if (wholeOffset) {
        const int offset = int(rescale.intercept);
        writeVolume<std::int16_t>(path, scan.geometry(), scan.data(), [offset](std::uint16_t v) {
            return std::int16_t(std::max(-32768, int(v) + offset));
        });
        return;
    }
    writeVolume<float>(path, scan.geometry(), scan.data(), [&rescale](std::uint16_t v) { return float(rescale.value(v)); });
}

LabelVolume readLabelNifti(const std::string& path, CaseDayKey day, const VolumeGeometry& expected) {
    // ITK reads a short or damaged payload as zeros: check the whole file first.
    const NiftiHeaderInfo info = checkNiftiFile(path);
    if (!info.integerType())
        throw GeometryError("NIfTI datatype " + info.datatypeName() + " cannot hold the organ bitmask; expected an integer type (uint8)",
                            ErrorContext{path, formatCaseDayName(day), {}, 0, {}});
    using Image = Volume<std::uint8_t>;
    auto reader = itk::ImageFileReader<Image>::New();
    reader->SetImageIO(itk::NiftiImageIO::New());
    reader->SetFileName(path);
    try {
        reader->Update();
    } catch (const itk::ExceptionObject& error) {
        throw IoError(std::string("cannot read NIfTI file: ") + error.GetDescription(), ErrorContext{path, {}, {}, 0, {}});
    }
    Image::Pointer image = reader->GetOutput();
    const auto size = image->GetLargestPossibleRegion().GetSize();
    if (int(size[0]) != expected.width || int(size[1]) != expected.height || int(size[2]) != expected.depth)
        throw GeometryError("NIfTI volume is " + std::to_string(size[0]) + "x" + std::to_string(size[1]) + "x" +
                                std::to_string(size[2]) + " but the case-day is " + std::to_string(expected.width) + "x" +
                                std::to_string(expected.height) + "x" + std::to_string(expected.depth),
                            ErrorContext{path, formatCaseDayName(day), {}, 0, {}});
    const auto spacing = image->GetSpacing();
    if (std::abs(spacing[0] - expected.spacingX) > 1e-3 || std::abs(spacing[1] - expected.spacingY) > 1e-3 ||
        std::abs(spacing[2] - expected.spacingZ) > 1e-3)
        throw GeometryError("NIfTI spacing differs from the case-day's", ErrorContext{path, formatCaseDayName(day), {}, 0, {}});
    // NIfTI keeps the direction as a quaternion of floats: equal within 1e-3, the origin within 0.01 mm.
    const auto direction = image->GetDirection();
    const auto origin = image->GetOrigin();
    for (unsigned row = 0; row < 3; ++row) {
        for (unsigned column = 0; column < 3; ++column)
            if (std::abs(direction[row][column] - expected.direction[row * 3 + column]) > 1e-3)
                throw GeometryError("NIfTI orientation differs from the case-day's (expected the direction " + directionText(expected) +
                                        " in LPS)",
                                    ErrorContext{path, formatCaseDayName(day), {}, 0, {}});
        if (std::abs(origin[row] - expected.origin[row]) > 1e-2)
            throw GeometryError("NIfTI origin differs from the case-day's", ErrorContext{path, formatCaseDayName(day), {}, 0, {}});
    }
    LabelVolume labels(day, expected);
    const std::uint8_t* in = image->GetBufferPointer();
    for (size_t i = 0; i < expected.voxelCount(); ++i) {
        if (in[i] > 7)
            throw GeometryError("label value " + std::to_string(in[i]) + " outside the organ bitmask 0..7",
                                ErrorContext{path, formatCaseDayName(day), {}, 0, std::to_string(in[i])});
        labels.data()[i] = in[i];
    }
    return labels;
}

namespace {

struct BitmaskEntry {
    int value;
    const char* name;
    int r, g, b;
};
// Colours of the organ overlays (Okabe-Ito); mixtures for overlaps.
constexpr BitmaskEntry kBitmask[] = {
    {1, "large_bowel", 230, 159, 0},          {2, "small_bowel", 0, 158, 115},
    {3, "large_bowel+small_bowel", 115, 158, 58}, {4, "stomach", 0, 114, 178},
    {5, "large_bowel+stomach", 115, 137, 89},   {6, "small_bowel+stomach", 0, 136, 147},
    {7, "all_three", 77, 144, 98},
};

} // namespace

void writeSlicerColorTable(const std::string& path) {
    std::string text = "# GI Review organ bitmask colour table (3D Slicer)\n0 background 0 0 0 0\n";
    for (const auto& e : kBitmask)
        text += std::to_string(e.value) + " " + e.name + " " + std::to_string(e.r) + " " + std::to_string(e.g) + " " +
                std::to_string(e.b) + " 255\n";
    writeFileAtomically(path, text);
}

void writeItkSnapLabels(const std::string& path) {
    std::string text = "################################################\n"
                       "# ITK-SnAP Label Description File (GI Review organ bitmask)\n"
                       "# IDX -R- -G- -B- -A-- VIS MSH LABEL\n"
                       "################################################\n"
                       "    0     0    0    0        0  0  0    \"Clear Label\"\n";
    char line[160];
    for (const auto& e : kBitmask) {
        std::snprintf(line, sizeof line, "%5d %5d %4d %4d        1  1  1    \"%s\"\n", e.value, e.r, e.g, e.b, e.name);
        text += line;
    }
    writeFileAtomically(path, text);
}

} // namespace gireview
