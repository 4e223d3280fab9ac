#pragma once
// Reading values out of a GDCM data set by (group, element), for io/Dicom*.cpp only (GDCM's
// headers go no further). Strings come trimmed of DICOM's padding; US values little-endian as
// every transfer syntax we read stores them; sequence items keep their sequence alive.
#include <gdcmDataSet.h>
#include <gdcmSequenceOfItems.h>
#include <gdcmTrace.h>

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

namespace gireview {

// GDCM's own notes on damaged files go to stderr; what matters reaches our problems instead.
inline void silenceGdcmTrace() {
    gdcm::Trace::WarningOff();
    gdcm::Trace::ErrorOff();
}

// The numbers of a decimal or integer string value (DS, IS), backslash-separated.
inline std::vector<double> decimalValues(const std::string& text) {
    std::vector<double> values;
    const char* p = text.c_str();
    while (*p) {
        char* end = nullptr;
        const double value = std::strtod(p, &end);
        if (end == p) break;
        values.push_back(value);
        p = end;
        while (*p == ' ')
            ++p;
        if (*p == '\\') ++p;
    }
    return values;
}

class DicomElements {
public:
    explicit DicomElements(const gdcm::DataSet& dataSet) : dataSet_(&dataSet) {}

    bool has(std::uint16_t group, std::uint16_t element) const {
        return dataSet_->FindDataElement(gdcm::Tag(group, element));
    }
    std::string text(std::uint16_t group, std::uint16_t element) const {
        const gdcm::ByteValue* value = bytes(group, element);
        if (!value || !value->GetPointer()) return {};
        std::string text(value->GetPointer(), value->GetLength());
        while (!text.empty() && (text.back() == ' ' || text.back() == '\0'))
            text.pop_back();
        size_t start = 0;
        while (start < text.size() && text[start] == ' ')
            ++start;
        return text.substr(start);
    }
    // An unsigned short (US) value; 0 when absent.
    int integer(std::uint16_t group, std::uint16_t element) const {
        const gdcm::ByteValue* value = bytes(group, element);
        if (!value || !value->GetPointer() || value->GetLength() < 2) return 0;
        const auto* p = reinterpret_cast<const unsigned char*>(value->GetPointer());
        return int(p[0]) | (int(p[1]) << 8);
    }
    std::vector<DicomElements> items(std::uint16_t group, std::uint16_t element) const {
        std::vector<DicomElements> out;
        const gdcm::Tag tag(group, element);
        if (!dataSet_->FindDataElement(tag)) return out;
        gdcm::SmartPointer<gdcm::SequenceOfItems> sequence =
            dataSet_->GetDataElement(tag).GetValueAsSQ();
        if (!sequence) return out;
        for (gdcm::SequenceOfItems::SizeType i = 1; i <= sequence->GetNumberOfItems(); ++i)
            out.push_back(DicomElements(sequence->GetItem(i).GetNestedDataSet(), sequence));
        return out;
    }
    std::optional<DicomElements> firstItem(std::uint16_t group, std::uint16_t element) const {
        auto all = items(group, element);
        if (all.empty()) return std::nullopt;
        return all.front();
    }

private:
    DicomElements(const gdcm::DataSet& dataSet, gdcm::SmartPointer<gdcm::SequenceOfItems> owner)
        : dataSet_(&dataSet), owner_(std::move(owner)) {}
    const gdcm::ByteValue* bytes(std::uint16_t group, std::uint16_t element) const {
        const gdcm::Tag tag(group, element);
        if (!dataSet_->FindDataElement(tag)) return nullptr;
        return dataSet_->GetDataElement(tag).GetByteValue();
    }
    const gdcm::DataSet* dataSet_;
    gdcm::SmartPointer<gdcm::SequenceOfItems> owner_;
};

} // namespace gireview
