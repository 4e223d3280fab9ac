#include "io/PngCodec.h"

#include "io/AtomicFile.h"
#include "data/DataError.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <libdeflate.h>
#include <spng.h>
#include <unistd.h>

namespace gireview {
namespace {

constexpr unsigned char kSignature[8] = {137, 80, 78, 71, 13, 10, 26, 10};

std::uint32_t readBe32(const unsigned char* p) {
    return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) |
           std::uint32_t(p[3]);
}

void writeBe32(std::vector<unsigned char>& out, std::uint32_t value) {
    out.push_back(static_cast<unsigned char>(value >> 24));
    out.push_back(static_cast<unsigned char>(value >> 16));
    out.push_back(static_cast<unsigned char>(value >> 8));
    out.push_back(static_cast<unsigned char>(value));
}

[[noreturn]] void fail(const std::string& problem, const std::string& file) {
    throw ImageError(problem, ErrorContext{file, {}, {}, 0, {}});
}

std::string colourTypeName(int colorType) {
    switch (colorType) {
    case 2: return "RGB colour";
    case 3: return "palette colour";
    case 4: return "grayscale with alpha";
    case 6: return "RGBA colour";
    default: return "colour type " + std::to_string(colorType);
    }
}

PngHeader parseIhdr(const unsigned char* data, size_t size, const std::string& file) {
    if (size < 8 || std::memcmp(data, kSignature, 8) != 0)
        fail("not a PNG file (bad signature); expected a 16-bit grayscale PNG", file);
    if (size < 33) fail("truncated PNG: the file ends inside its header", file);
    if (readBe32(data + 8) != 13 || std::memcmp(data + 12, "IHDR", 4) != 0)
        fail("corrupt PNG: first chunk is not a 13-byte IHDR", file);
    std::uint32_t crc = readBe32(data + 29);
    if (libdeflate_crc32(0, data + 12, 17) != crc) fail("corrupt PNG: IHDR checksum mismatch", file);
    PngHeader header;
    std::uint32_t width = readBe32(data + 16), height = readBe32(data + 20);
    if (width == 0 || height == 0 || width > 65535 || height > 65535)
        fail("PNG size " + std::to_string(width) + "x" + std::to_string(height) +
                 " is out of range",
             file);
    header.width = static_cast<int>(width);
    header.height = static_cast<int>(height);
    header.bitDepth = data[24];
    header.colorType = data[25];
    if (data[26] != 0 || data[27] != 0) fail("corrupt PNG: unknown compression or filter method", file);
    if (data[28] > 1) fail("corrupt PNG: unknown interlace method", file);
    header.interlaced = data[28] == 1;
    return header;
}

void requireGray(const PngHeader& header, const std::string& file) {
    if (header.colorType != 0)
        fail("colour image (" + colourTypeName(header.colorType) +
                 "); expected a single-channel 16-bit grayscale MR slice",
             file);
    if (header.bitDepth != 16 && header.bitDepth != 8)
        fail("unsupported grayscale bit depth " + std::to_string(header.bitDepth) +
                 "; expected 16 (or 8)",
             file);
}

inline unsigned char paeth(unsigned char a, unsigned char b, unsigned char c) {
    int p = int(a) + int(b) - int(c);
    int pa = std::abs(p - int(a)), pb = std::abs(p - int(b)), pc = std::abs(p - int(c));
    if (pa <= pb && pa <= pc) return a;
    return pb <= pc ? b : c;
}

// Reverses PNG filtering of one row in place. `prior` is the previous unfiltered row (zeros for
// the first row); bpp is bytes per pixel.
bool unfilterRow(int filter, unsigned char* row, const unsigned char* prior, size_t length,
                 size_t bpp) {
    switch (filter) {
    case 0: return true;
    case 1:
        for (size_t i = bpp; i < length; ++i) row[i] = static_cast<unsigned char>(row[i] + row[i - bpp]);
        return true;
    case 2:
        for (size_t i = 0; i < length; ++i) row[i] = static_cast<unsigned char>(row[i] + prior[i]);
        return true;
    case 3:
        for (size_t i = 0; i < bpp; ++i) row[i] = static_cast<unsigned char>(row[i] + (prior[i] >> 1));
        for (size_t i = bpp; i < length; ++i)
            row[i] = static_cast<unsigned char>(row[i] + ((int(row[i - bpp]) + int(prior[i])) >> 1));
        return true;
    case 4:
        for (size_t i = 0; i < bpp; ++i) row[i] = static_cast<unsigned char>(row[i] + prior[i]);
        for (size_t i = bpp; i < length; ++i)
            row[i] = static_cast<unsigned char>(row[i] + paeth(row[i - bpp], prior[i], prior[i - bpp]));
        return true;
    default: return false;
    }
}

} // namespace

PngHeader readPngHeader(const unsigned char* data, size_t size, const std::string& fileForErrors) {
    return parseIhdr(data, size, fileForErrors);
}

PngHeader readPngHeaderFromFile(const std::string& path) {
    const int fd = openRegularFile(path); // a FIFO named like a slice never blocks the scan
    unsigned char head[33];
    ssize_t got = ::read(fd, head, sizeof head);
    ::close(fd);
    if (got < 0) throw IoError("cannot read file", ErrorContext{path, {}, {}, 0, {}});
    return parseIhdr(head, static_cast<size_t>(got), path);
}

PngHeader readPngHeaderAndEndFromFile(const std::string& path) {
    const int fd = openRegularFile(path);
    unsigned char head[33];
    const ssize_t got = ::read(fd, head, sizeof head);
    if (got < 0) {
        ::close(fd);
        throw IoError("cannot read file", ErrorContext{path, {}, {}, 0, {}});
    }
    PngHeader header;
    try {
        header = parseIhdr(head, static_cast<size_t>(got), path);
    } catch (...) {
        ::close(fd);
        throw;
    }
    // Length 0, "IEND", CRC AE 42 60 82: the same 12 bytes end every complete PNG.
    static const unsigned char kIend[12] = {0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xAE, 0x42, 0x60, 0x82};
    unsigned char tail[12] = {};
    const off_t size = ::lseek(fd, 0, SEEK_END);
    const bool ended = size >= off_t(sizeof head + sizeof tail) &&
                       ::pread(fd, tail, sizeof tail, size - off_t(sizeof tail)) == ssize_t(sizeof tail) &&
                       std::memcmp(tail, kIend, sizeof tail) == 0;
    ::close(fd);
    if (!ended)
        throw ImageError("truncated: the file does not end with the PNG end chunk (IEND); "
                         "the copy was probably cut short",
                         ErrorContext{path, {}, {}, 0, {}});
    return header;
}

struct GrayPngDecoder::Impl {
    libdeflate_decompressor* inflater = libdeflate_alloc_decompressor();
    std::vector<unsigned char> compressed; // IDAT payload when split across chunks
    std::vector<unsigned char> raw;        // filtered scanlines
    ~Impl() { libdeflate_free_decompressor(inflater); }
};

GrayPngDecoder::GrayPngDecoder() : impl_(std::make_unique<Impl>()) {}
GrayPngDecoder::~GrayPngDecoder() = default;

PngHeader GrayPngDecoder::decode(const unsigned char* data, size_t size, std::uint16_t* out,
                                 size_t outCount, const std::string& file, int expectedWidth,
                                 int expectedHeight) {
    PngHeader header = parseIhdr(data, size, file);
    requireGray(header, file);
    if ((expectedWidth && header.width != expectedWidth) ||
        (expectedHeight && header.height != expectedHeight))
        fail("image is " + std::to_string(header.width) + "x" + std::to_string(header.height) +
                 " (width x height) but its name says " + std::to_string(expectedWidth) + "x" +
                 std::to_string(expectedHeight),
             file);
    const size_t pixelCount = size_t(header.width) * size_t(header.height);
    if (outCount < pixelCount) fail("internal error: output buffer too small", file);

    if (header.interlaced) {
        // Rare for MR exports; libspng handles Adam7 for us.
        spng_ctx* ctx = spng_ctx_new(0);
        spng_set_png_buffer(ctx, data, size);
        size_t needed = 0;
        int status = spng_decoded_image_size(ctx, SPNG_FMT_PNG, &needed);
        std::vector<unsigned char> pixels(needed);
        if (status == 0) status = spng_decode_image(ctx, pixels.data(), needed, SPNG_FMT_PNG, 0);
        spng_ctx_free(ctx);
        if (status != 0)
            fail(std::string("corrupt or truncated interlaced PNG: ") + spng_strerror(status), file);
        for (size_t i = 0; i < pixelCount; ++i)
            out[i] = header.bitDepth == 16 ? std::uint16_t((pixels[2 * i] << 8) | pixels[2 * i + 1])
                                           : pixels[i];
        return header;
    }

    // Walk the chunks, checking every CRC and gathering IDAT.
    const unsigned char* idat = nullptr;
    size_t idatSize = 0;
    int idatChunks = 0;
    bool sawEnd = false;
    size_t pos = 8;
    impl_->compressed.clear();
    while (pos < size) {
        if (size - pos < 12) fail("truncated PNG: the file ends inside a chunk header", file);
        std::uint32_t length = readBe32(data + pos);
        if (length > size - pos - 12) fail("truncated PNG: a chunk runs past the end of the file", file);
        const unsigned char* type = data + pos + 4;
        const unsigned char* body = data + pos + 8;
        if (libdeflate_crc32(0, type, length + 4) != readBe32(body + length))
            fail("corrupt PNG: checksum mismatch in chunk " + std::string(reinterpret_cast<const char*>(type), 4),
                 file);
        if (std::memcmp(type, "IDAT", 4) == 0) {
            if (idatChunks == 1) impl_->compressed.assign(idat, idat + idatSize);
            if (idatChunks >= 1) impl_->compressed.insert(impl_->compressed.end(), body, body + length);
            idat = body;
            idatSize = length;
            ++idatChunks;
        } else if (std::memcmp(type, "IEND", 4) == 0) {
            sawEnd = true;
            break;
        }
        pos += size_t(length) + 12;
    }
    if (idatChunks == 0) fail("truncated PNG: no image data (IDAT) found", file);
    if (!sawEnd) fail("truncated PNG: the file ends before its IEND chunk", file);
    if (idatChunks > 1) {
        idat = impl_->compressed.data();
        idatSize = impl_->compressed.size();
    }

    const size_t bpp = header.bitDepth / 8;
    const size_t rowBytes = size_t(header.width) * bpp;
    const size_t rawSize = (rowBytes + 1) * size_t(header.height);
    impl_->raw.resize(rawSize);
    size_t actual = 0;
    auto result = libdeflate_zlib_decompress(impl_->inflater, idat, idatSize, impl_->raw.data(),
                                             rawSize, &actual);
    if (result == LIBDEFLATE_SHORT_OUTPUT || (result == LIBDEFLATE_SUCCESS && actual != rawSize))
        fail("truncated PNG: image data holds fewer rows than the header says", file);
    if (result == LIBDEFLATE_INSUFFICIENT_SPACE)
        fail("corrupt PNG: image data holds more bytes than the header says", file);
    if (result != LIBDEFLATE_SUCCESS) fail("corrupt PNG: compressed image data is damaged", file);

    static const unsigned char zeros[65536 * 2] = {};
    const unsigned char* prior = zeros;
    for (int y = 0; y < header.height; ++y) {
        unsigned char* line = impl_->raw.data() + size_t(y) * (rowBytes + 1);
        if (!unfilterRow(line[0], line + 1, prior, rowBytes, bpp))
            fail("corrupt PNG: unknown filter type " + std::to_string(line[0]) + " on row " +
                     std::to_string(y),
                 file);
        std::uint16_t* dst = out + size_t(y) * size_t(header.width);
        const unsigned char* src = line + 1;
        if (bpp == 2)
            for (int x = 0; x < header.width; ++x)
                dst[x] = std::uint16_t((src[2 * x] << 8) | src[2 * x + 1]);
        else
            for (int x = 0; x < header.width; ++x) dst[x] = src[x];
        prior = src;
    }
    return header;
}

PngHeader GrayPngDecoder::decodeFile(const std::string& path, std::vector<std::uint16_t>& out) {
    auto bytes = readFileBytes(path);
    PngHeader header = parseIhdr(bytes.data(), bytes.size(), path);
    out.resize(size_t(header.width) * size_t(header.height));
    return decode(bytes.data(), bytes.size(), out.data(), out.size(), path);
}

namespace {

void appendChunk(std::vector<unsigned char>& png, const char* type, const unsigned char* body,
                 size_t length) {
    writeBe32(png, static_cast<std::uint32_t>(length));
    size_t typeAt = png.size();
    png.insert(png.end(), type, type + 4);
    if (length) png.insert(png.end(), body, body + length);
    writeBe32(png, static_cast<std::uint32_t>(libdeflate_crc32(0, png.data() + typeAt, length + 4)));
}

// Filters big-endian scanlines with the per-row filter that minimises the sum of absolute
// signed byte values, then deflates them.
std::vector<unsigned char> encodePng(const unsigned char* rows, int width, int height,
                                     int bitDepth, int colorType, size_t bpp, int level) {
    const size_t rowBytes = size_t(width) * bpp;
    std::vector<unsigned char> filtered((rowBytes + 1) * size_t(height));
    std::vector<unsigned char> candidate(rowBytes), best(rowBytes);
    std::vector<unsigned char> zeros(rowBytes, 0);
    for (int y = 0; y < height; ++y) {
        const unsigned char* row = rows + size_t(y) * rowBytes;
        const unsigned char* prior = y ? row - rowBytes : zeros.data();
        unsigned long bestScore = ~0ul;
        int bestFilter = 0;
        for (int filter = 0; filter <= 4; ++filter) {
            unsigned long score = 0;
            for (size_t i = 0; i < rowBytes; ++i) {
                unsigned char a = i >= bpp ? row[i - bpp] : 0, b = prior[i],
                              c = i >= bpp ? prior[i - bpp] : 0;
                unsigned char predictor = 0;
                switch (filter) {
                case 1: predictor = a; break;
                case 2: predictor = b; break;
                case 3: predictor = static_cast<unsigned char>((int(a) + int(b)) >> 1); break;
                case 4: predictor = paeth(a, b, c); break;
                default: break;
                }
                candidate[i] = static_cast<unsigned char>(row[i] - predictor);
                score += static_cast<unsigned long>(std::abs(static_cast<signed char>(candidate[i])));
            }
            if (score < bestScore) {
                bestScore = score;
                bestFilter = filter;
                best.swap(candidate);
            }
        }
        unsigned char* out = filtered.data() + size_t(y) * (rowBytes + 1);
        out[0] = static_cast<unsigned char>(bestFilter);
        std::memcpy(out + 1, best.data(), rowBytes);
    }
    libdeflate_compressor* deflater = libdeflate_alloc_compressor(level);
    std::vector<unsigned char> compressed(libdeflate_zlib_compress_bound(deflater, filtered.size()));
    size_t compressedSize = libdeflate_zlib_compress(deflater, filtered.data(), filtered.size(),
                                                     compressed.data(), compressed.size());
    libdeflate_free_compressor(deflater);

    std::vector<unsigned char> png(kSignature, kSignature + 8);
    unsigned char ihdr[13];
    for (int i = 0; i < 4; ++i) {
        ihdr[i] = static_cast<unsigned char>(width >> (24 - 8 * i));
        ihdr[4 + i] = static_cast<unsigned char>(height >> (24 - 8 * i));
    }
    ihdr[8] = static_cast<unsigned char>(bitDepth);
    ihdr[9] = static_cast<unsigned char>(colorType);
    ihdr[10] = ihdr[11] = ihdr[12] = 0;
    appendChunk(png, "IHDR", ihdr, 13);
    appendChunk(png, "IDAT", compressed.data(), compressedSize);
    appendChunk(png, "IEND", nullptr, 0);
    return png;
}

} // namespace

std::vector<unsigned char> encodeGray16Png(const std::uint16_t* pixels, int width, int height,
                                           int level) {
    std::vector<unsigned char> rows(size_t(width) * size_t(height) * 2);
    for (size_t i = 0; i < size_t(width) * size_t(height); ++i) {
        rows[2 * i] = static_cast<unsigned char>(pixels[i] >> 8);
        rows[2 * i + 1] = static_cast<unsigned char>(pixels[i] & 0xff);
    }
    return encodePng(rows.data(), width, height, 16, 0, 2, level);
}

std::vector<unsigned char> encodeGray8Png(const std::uint8_t* pixels, int width, int height,
                                          int level) {
    return encodePng(pixels, width, height, 8, 0, 1, level);
}

std::vector<unsigned char> encodeRgb8Png(const std::uint8_t* rgb, int width, int height, int level) {
    return encodePng(rgb, width, height, 8, 2, 3, level);
}

} // namespace gireview
