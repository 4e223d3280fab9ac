#pragma once
// Writes a file so that readers only ever see the old content or the complete new content:
// data goes to a temporary file beside the target, is flushed to disk, then renamed into place.
// A writer destroyed without commit() removes its temporary file, leaving the target untouched.
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace gireview {

class AtomicFileWriter {
public:
    // durable=false skips fsync (for regenerable outputs such as the phantom's many slices).
    explicit AtomicFileWriter(std::string targetPath, bool durable = true); // throws IoError
    ~AtomicFileWriter();
    AtomicFileWriter(const AtomicFileWriter&) = delete;
    AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

    void write(std::string_view bytes); // throws IoError (e.g. disk full), naming the target
    void write(const void* data, size_t size);
    void commit(); // flush, fsync, rename; throws IoError
    const std::string& targetPath() const { return target_; }

private:
    void discard() noexcept;
    std::string target_;
    std::string temp_;
    std::FILE* file_ = nullptr;
    bool committed_ = false;
    bool durable_ = true;
};

void writeFileAtomically(const std::string& path, std::string_view bytes, bool durable = true);
std::vector<unsigned char> readFileBytes(const std::string& path); // throws IoError

// Opens a data file for reading without ever waiting: non-blocking, so a FIFO (or a device)
// named like a slice cannot hang the window or a command, and refused unless it is a regular
// file. Returns the descriptor (blocking mode restored); throws IoError naming the file.
int openRegularFile(const std::string& path);
// "a FIFO (named pipe)", "a character device", ...: how messages name what is not a regular file.
const char* describeFileType(std::filesystem::file_type type);
// The same check without opening (for readers that open files themselves).
void requireRegularFile(const std::string& path);

} // namespace gireview
