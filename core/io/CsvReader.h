#pragma once
// Streaming RFC 4180 CSV reading: quoted fields with "" escapes and embedded newlines, LF or
// CRLF line ends, an optional UTF-8 BOM. Reads the file in blocks, so memory stays flat.
#include <cstdio>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace gireview {

class CsvRecordReader {
public:
    explicit CsvRecordReader(const std::string& path); // throws IoError
    ~CsvRecordReader();
    CsvRecordReader(const CsvRecordReader&) = delete;
    CsvRecordReader& operator=(const CsvRecordReader&) = delete;

    // Next record's fields, valid until the following call. False at the end of the file.
    // Throws CsvError for an unterminated quoted field or text after a closing quote.
    bool next(std::vector<std::string_view>& fields);
    long recordLine() const { return recordLine_; } // 1-based line where the record began
    const std::string& path() const { return path_; }

private:
    bool fill();
    std::string path_;
    std::FILE* file_ = nullptr;
    std::string buffer_;
    size_t pos_ = 0;
    bool eof_ = false;
    long line_ = 1;
    long recordLine_ = 0;
    std::deque<std::string> unescaped_;
};

} // namespace gireview
