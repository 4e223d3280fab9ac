#include "io/AtomicFile.h"

#include "data/DataError.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <random>
#include <sys/stat.h>
#include <unistd.h>

namespace gireview {
namespace {

IoError ioError(const std::string& what, const std::string& path) {
    return IoError(what + ": " + std::strerror(errno), ErrorContext{path, {}, {}, 0, {}});
}

std::string uniqueSuffix() {
    static thread_local std::mt19937_64 generator{std::random_device{}()};
    static const char* digits = "0123456789abcdef";
    std::string suffix;
    auto value = generator();
    for (int i = 0; i < 12; ++i, value >>= 4) suffix += digits[value & 15];
    return suffix;
}

} // namespace

AtomicFileWriter::AtomicFileWriter(std::string targetPath, bool durable)
    : target_(std::move(targetPath)), durable_(durable) {
    auto slash = target_.find_last_of('/');
    std::string dir = slash == std::string::npos ? "." : target_.substr(0, slash);
    std::string base = slash == std::string::npos ? target_ : target_.substr(slash + 1);
    temp_ = dir + "/." + base + ".tmp-" + uniqueSuffix();
    int fd = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) throw ioError("cannot create temporary file for writing", target_);
    file_ = ::fdopen(fd, "wb");
    if (!file_) {
        ::close(fd);
        ::unlink(temp_.c_str());
        throw ioError("cannot open temporary file", target_);
    }
    std::setvbuf(file_, nullptr, _IOFBF, 1 << 16);
}

AtomicFileWriter::~AtomicFileWriter() {
    if (!committed_) discard();
}

void AtomicFileWriter::discard() noexcept {
    if (file_) std::fclose(file_);
    file_ = nullptr;
    ::unlink(temp_.c_str());
}

void AtomicFileWriter::write(const void* data, size_t size) {
    if (!file_) throw IoError("write after commit", ErrorContext{target_, {}, {}, 0, {}});
    if (size && std::fwrite(data, 1, size, file_) != size) {
        auto error = ioError("write failed (disk full?)", target_);
        discard();
        throw error;
    }
}

void AtomicFileWriter::write(std::string_view bytes) { write(bytes.data(), bytes.size()); }

void AtomicFileWriter::commit() {
    if (!file_) throw IoError("commit called twice", ErrorContext{target_, {}, {}, 0, {}});
    if (std::fflush(file_) != 0 || (durable_ && ::fsync(::fileno(file_)) != 0)) {
        auto error = ioError("flushing to disk failed (disk full?)", target_);
        discard();
        throw error;
    }
    if (std::fclose(file_) != 0) {
        file_ = nullptr;
        auto error = ioError("closing the file failed", target_);
        ::unlink(temp_.c_str());
        throw error;
    }
    file_ = nullptr;
    if (::rename(temp_.c_str(), target_.c_str()) != 0) {
        auto error = ioError("cannot move the new file into place", target_);
        ::unlink(temp_.c_str());
        throw error;
    }
    committed_ = true;
}

void writeFileAtomically(const std::string& path, std::string_view bytes, bool durable) {
    AtomicFileWriter writer(path, durable);
    writer.write(bytes);
    writer.commit();
}

const char* describeFileType(std::filesystem::file_type type) {
    switch (type) {
    case std::filesystem::file_type::fifo: return "a FIFO (named pipe)";
    case std::filesystem::file_type::character: return "a character device";
    case std::filesystem::file_type::block: return "a block device";
    case std::filesystem::file_type::socket: return "a socket";
    case std::filesystem::file_type::symlink: return "a symbolic link";
    case std::filesystem::file_type::directory: return "a folder";
    default: return "not a regular file";
    }
}

namespace {
// stat(2)'s mode as the file type the names are kept for (describeFileType).
const char* fileKind(mode_t mode) {
    namespace fs = std::filesystem;
    return describeFileType(S_ISFIFO(mode)   ? fs::file_type::fifo
                            : S_ISCHR(mode)  ? fs::file_type::character
                            : S_ISBLK(mode)  ? fs::file_type::block
                            : S_ISSOCK(mode) ? fs::file_type::socket
                            : S_ISDIR(mode)  ? fs::file_type::directory
                                             : fs::file_type::unknown);
}
} // namespace

int openRegularFile(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) throw ioError("cannot open file", path);
    struct stat info {};
    if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
        const std::string kind = ::fstat(fd, &info) == 0 ? fileKind(info.st_mode) : "unknown";
        ::close(fd);
        throw IoError("not read: it is " + kind + ", expected a regular file", ErrorContext{path, {}, {}, 0, {}});
    }
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    return fd;
}

void requireRegularFile(const std::string& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) throw ioError("cannot open file", path);
    if (!S_ISREG(info.st_mode))
        throw IoError(std::string("not read: it is ") + fileKind(info.st_mode) + ", expected a regular file", ErrorContext{path, {}, {}, 0, {}});
}

std::vector<unsigned char> readFileBytes(const std::string& path) {
    int fd = openRegularFile(path);
    struct stat info {};
    if (::fstat(fd, &info) != 0) {
        auto error = ioError("cannot stat file", path);
        ::close(fd);
        throw error;
    }
    std::vector<unsigned char> bytes(static_cast<size_t>(info.st_size));
    size_t done = 0;
    while (done < bytes.size()) {
        ssize_t got = ::read(fd, bytes.data() + done, bytes.size() - done);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) {
            auto error = ioError("cannot read file", path);
            ::close(fd);
            throw error;
        }
        done += static_cast<size_t>(got);
    }
    ::close(fd);
    return bytes;
}

} // namespace gireview
