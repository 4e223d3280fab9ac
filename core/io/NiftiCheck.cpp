#include "io/NiftiCheck.h"

#include "data/DataError.h"
#include "io/AtomicFile.h"

#include <cstring>
#include <unistd.h>
#include <vector>
#include <zlib.h>

namespace gireview {

namespace {

constexpr size_t kHeaderBytes = 348;
// Beyond any case-day (a 512x512x512 float64 volume is 1 GiB): refuse before anything allocates.
constexpr std::uint64_t kMaxPayloadBytes = std::uint64_t(4) << 30;

struct Datatype {
    int code, bitpix;
    const char* name;
    bool integer;
};
constexpr Datatype kDatatypes[] = {{2, 8, "uint8", true},      {4, 16, "int16", true},
                                   {8, 32, "int32", true},     {16, 32, "float32", false},
                                   {64, 64, "float64", false}, {256, 8, "int8", true},
                                   {512, 16, "uint16", true},  {768, 32, "uint32", true},
                                   {1024, 64, "int64", true},  {1280, 64, "uint64", true}};

const Datatype* findDatatype(int code) {
    for (const Datatype& d : kDatatypes)
        if (d.code == code) return &d;
    return nullptr;
}

IoError failure(const std::string& name, const std::string& problem) {
    return IoError(problem, ErrorContext{name, {}, {}, 0, {}});
}

template <typename T> T field(const std::uint8_t* header, size_t offset, bool swap) {
    T value;
    std::memcpy(&value, header + offset, sizeof value);
    if (swap) {
        std::uint8_t bytes[sizeof value];
        std::memcpy(bytes, &value, sizeof value);
        for (size_t i = 0; i < sizeof value / 2; ++i)
            std::swap(bytes[i], bytes[sizeof value - 1 - i]);
        std::memcpy(&value, bytes, sizeof value);
    }
    return value;
}

NiftiHeaderInfo parseHeader(const std::uint8_t* header, const std::string& name) {
    std::int32_t sizeofHdr = field<std::int32_t>(header, 0, false);
    bool swap = false;
    if (sizeofHdr != std::int32_t(kHeaderBytes)) {
        swap = true;
        sizeofHdr = field<std::int32_t>(header, 0, true);
        if (sizeofHdr != std::int32_t(kHeaderBytes))
            throw failure(name, "not a NIfTI-1 file: the header size field is " +
                                    std::to_string(field<std::int32_t>(header, 0, false)) +
                                    ", expected 348");
    }
    if (std::memcmp(header + 344, "n+1\0", 4) != 0)
        throw failure(name, "not a single-file NIfTI-1 (.nii): the magic is not \"n+1\"");
    NiftiHeaderInfo info;
    info.dimensions = field<std::int16_t>(header, 40, swap);
    if (info.dimensions < 1 || info.dimensions > 7)
        throw failure(name, "NIfTI dim[0] is " + std::to_string(info.dimensions) +
                                "; expected 1 to 7 dimensions");
    std::uint64_t voxels = 1;
    for (int i = 0; i < 7; ++i) {
        const std::int64_t n = field<std::int16_t>(header, size_t(42 + 2 * i), swap);
        if (i < info.dimensions) {
            if (n < 1)
                throw failure(name, "NIfTI dim[" + std::to_string(i + 1) + "] is " +
                                        std::to_string(n) + "; expected at least 1");
            info.size[size_t(i)] = n;
            voxels *= std::uint64_t(n); // at most 32767^7: checked against the cap below in steps
            if (voxels > kMaxPayloadBytes)
                throw failure(name, "NIfTI volume of more than " +
                                        std::to_string(kMaxPayloadBytes) +
                                        " voxels is larger than GI Review reads");
        } else {
            info.size[size_t(i)] = 1;
        }
    }
    info.datatype = field<std::int16_t>(header, 70, swap);
    info.bitpix = field<std::int16_t>(header, 72, swap);
    const Datatype* type = findDatatype(info.datatype);
    if (!type)
        throw failure(name, "NIfTI datatype " + std::to_string(info.datatype) +
                                " is not one GI Review reads (integer or float scalars)");
    if (type->bitpix != info.bitpix)
        throw failure(name, "NIfTI datatype " + std::string(type->name) +
                                " does not match bitpix " + std::to_string(info.bitpix) +
                                " (expected " + std::to_string(type->bitpix) + ")");
    info.voxOffset = field<float>(header, 108, swap);
    if (!(info.voxOffset >= 352) || info.voxOffset > 1e6)
        throw failure(name, "NIfTI vox_offset " + std::to_string(info.voxOffset) +
                                " is outside 352..1000000");
    info.payloadBytes = voxels * std::uint64_t(info.bitpix / 8);
    if (info.payloadBytes > kMaxPayloadBytes)
        throw failure(name, "NIfTI payload of " + std::to_string(info.payloadBytes) +
                                " bytes is larger than GI Review reads (" +
                                std::to_string(kMaxPayloadBytes) + ")");
    return info;
}

void checkLength(const NiftiHeaderInfo& info, std::uint64_t total, const std::string& name) {
    const std::uint64_t needed = std::uint64_t(info.voxOffset) + info.payloadBytes;
    if (total < needed)
        throw failure(name,
                      "the NIfTI body is shorter than its header says: " + std::to_string(total) +
                          " bytes, expected " + std::to_string(needed) + " (a truncated file)");
}

} // namespace

bool NiftiHeaderInfo::integerType() const {
    const Datatype* type = findDatatype(datatype);
    return type && type->integer;
}

std::string NiftiHeaderInfo::datatypeName() const {
    const Datatype* type = findDatatype(datatype);
    return type ? type->name : std::to_string(datatype);
}

NiftiHeaderInfo checkNiftiBytes(const std::uint8_t* data, size_t size, const std::string& name) {
    if (size < kHeaderBytes)
        throw failure(name,
                      "the NIfTI header is truncated: " + std::to_string(size) + " of 348 bytes");
    const NiftiHeaderInfo info = parseHeader(data, name);
    checkLength(info, size, name);
    return info;
}

NiftiHeaderInfo checkNiftiFile(const std::string& path) {
    // gzopen reads plain files as they are, so .nii and .nii.gz take the same path.
    // Opened non-blocking and only when regular: a FIFO named like a volume must not hang us.
    const int descriptor = openRegularFile(path);
    gzFile file = gzdopen(descriptor, "rb");
    if (!file) {
        ::close(descriptor);
        throw failure(path, "cannot open the NIfTI file");
    }
    struct Closer {
        gzFile file;
        ~Closer() { gzclose(file); }
    } closer{file};
    std::vector<std::uint8_t> header(kHeaderBytes);
    const int got = gzread(file, header.data(), unsigned(kHeaderBytes));
    int code = Z_OK;
    const char* message = gzerror(file, &code);
    if (got < 0 || (code != Z_OK && code != Z_STREAM_END))
        throw failure(path, std::string("the NIfTI file's gzip stream is damaged: ") +
                                (message ? message : "unknown error"));
    if (size_t(got) < kHeaderBytes)
        throw failure(path,
                      "the NIfTI header is truncated: " + std::to_string(got) + " of 348 bytes");
    const NiftiHeaderInfo info = parseHeader(header.data(), path);
    // Read to the end: a gzip stream cut short is only noticed there.
    std::uint64_t total = kHeaderBytes;
    std::vector<std::uint8_t> chunk(1 << 16);
    for (;;) {
        const int n = gzread(file, chunk.data(), unsigned(chunk.size()));
        if (n < 0) break;
        total += std::uint64_t(n);
        if (n == 0) break;
    }
    message = gzerror(file, &code);
    if (code != Z_OK && code != Z_STREAM_END)
        throw failure(path, std::string("the NIfTI file's gzip stream is damaged: ") +
                                (message ? message : "unknown error") + " after " +
                                std::to_string(total) + " bytes");
    checkLength(info, total, path);
    return info;
}

} // namespace gireview
