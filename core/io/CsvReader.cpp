#include "io/CsvReader.h"

#include "io/AtomicFile.h"

#include "data/DataError.h"

#include <cerrno>
#include <cstring>

namespace gireview {

namespace {
constexpr size_t kBlock = 1 << 20;
}

CsvRecordReader::CsvRecordReader(const std::string& path) : path_(path) {
    file_ = ::fdopen(openRegularFile(path), "rb");
    if (!file_)
        throw IoError(std::string("cannot open CSV file: ") + std::strerror(errno),
                      ErrorContext{path, {}, {}, 0, {}});
    fill();
    if (buffer_.compare(0, 3, "\xEF\xBB\xBF") == 0) pos_ = 3;
}

CsvRecordReader::~CsvRecordReader() {
    if (file_) std::fclose(file_);
}

bool CsvRecordReader::fill() {
    if (eof_) return false;
    buffer_.erase(0, pos_);
    pos_ = 0;
    size_t old = buffer_.size();
    buffer_.resize(old + kBlock);
    size_t got = std::fread(buffer_.data() + old, 1, kBlock, file_);
    buffer_.resize(old + got);
    if (got == 0) {
        if (std::ferror(file_))
            throw IoError("read error in CSV file", ErrorContext{path_, {}, {}, line_, {}});
        eof_ = true;
        return false;
    }
    return true;
}

bool CsvRecordReader::next(std::vector<std::string_view>& fields) {
    fields.clear();
    unescaped_.clear();
    // Make sure a whole record sits in the buffer: scan for an unquoted line end.
    size_t scan = pos_;
    bool inQuotes = false;
    while (true) {
        while (scan < buffer_.size()) {
            char c = buffer_[scan];
            if (c == '"') inQuotes = !inQuotes;
            else if (c == '\n' && !inQuotes) break;
            ++scan;
        }
        if (scan < buffer_.size()) break;
        size_t consumed = scan - pos_;
        const bool more = fill(); // moves the unread bytes to the front of the buffer
        scan = pos_ + consumed;
        if (!more) break;
    }
    if (pos_ >= buffer_.size()) return false;
    if (inQuotes)
        throw CsvError("unterminated quoted field at end of file",
                       ErrorContext{path_, {}, {}, line_, {}});
    recordLine_ = line_;
    size_t recordEnd = scan; // position of '\n' or buffer end
    size_t contentEnd = recordEnd;
    if (contentEnd > pos_ && buffer_[contentEnd - 1] == '\r') --contentEnd;

    const char* data = buffer_.data();
    size_t p = pos_;
    while (true) {
        if (p < contentEnd && data[p] == '"') {
            std::string value;
            ++p;
            while (true) {
                if (p >= contentEnd)
                    throw CsvError("unterminated quoted field",
                                   ErrorContext{path_, {}, {}, recordLine_, {}});
                if (data[p] == '"') {
                    if (p + 1 < contentEnd && data[p + 1] == '"') {
                        value.push_back('"');
                        p += 2;
                        continue;
                    }
                    ++p;
                    break;
                }
                if (data[p] == '\n') ++line_;
                value.push_back(data[p++]);
            }
            if (p < contentEnd && data[p] != ',')
                throw CsvError("text after a closing quote; expected a comma or line end",
                               ErrorContext{path_, {}, {}, recordLine_,
                                            std::string(data + p, std::min<size_t>(20, contentEnd - p))});
            unescaped_.push_back(std::move(value));
            fields.emplace_back(unescaped_.back());
        } else {
            const char* start = data + p;
            const void* comma = std::memchr(start, ',', contentEnd - p);
            size_t end = comma ? size_t(static_cast<const char*>(comma) - data) : contentEnd;
            fields.emplace_back(start, end - p);
            p = end;
        }
        if (p >= contentEnd) break;
        ++p; // skip comma
        if (p == contentEnd) {
            fields.emplace_back(); // trailing comma: one more empty field
            break;
        }
    }
    pos_ = recordEnd < buffer_.size() ? recordEnd + 1 : recordEnd;
    ++line_;
    return true;
}

} // namespace gireview
