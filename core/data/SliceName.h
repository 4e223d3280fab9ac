#pragma once
// Names of the reference dataset: slice files "slice_0065_266_266_1.50_1.50.png" (width first),
// slice ids "case123_day20_slice_0065", case folders "case123" and day folders "case123_day20".
#include <string>
#include <string_view>

namespace gireview {

// What a slice file name may say: beyond these no MR (or CT) slice goes, and a name is never
// trusted to size an allocation past them.
inline constexpr int kMaxSliceNumber = 2000;
inline constexpr int kMaxSliceSide = 4096;

struct SliceFileName {
    int slice = 0;           // 1-based slice number
    int width = 0;           // pixels (columns)
    int height = 0;          // pixels (rows)
    double spacingX = 0.0;   // mm between columns
    double spacingY = 0.0;   // mm between rows
    std::string spacingXText; // spacing as written ("1.50"), kept so formatting round-trips
    std::string spacingYText;
};

struct CaseDayKey {
    int caseNo = 0;
    int dayNo = 0;
    friend bool operator<(const CaseDayKey& a, const CaseDayKey& b) {
        return a.caseNo != b.caseNo ? a.caseNo < b.caseNo : a.dayNo < b.dayNo;
    }
    friend bool operator==(const CaseDayKey& a, const CaseDayKey& b) {
        return a.caseNo == b.caseNo && a.dayNo == b.dayNo;
    }
    friend bool operator!=(const CaseDayKey& a, const CaseDayKey& b) { return !(a == b); }
};

struct SliceId {
    CaseDayKey day;
    int slice = 0;
};

// Throws NameError naming the file when the name does not follow the scheme.
SliceFileName parseSliceFileName(std::string_view fileName);
std::string formatSliceFileName(const SliceFileName& name);
std::string formatSliceFileName(int slice, int width, int height, double spacingX,
                                double spacingY);

// Throws NameError naming the id.
SliceId parseSliceId(std::string_view id);
std::string formatSliceId(const SliceId& id);
std::string formatSliceId(CaseDayKey day, int slice);

// "case123_day20"; parseCaseDayName throws NameError.
std::string formatCaseDayName(CaseDayKey day);
CaseDayKey parseCaseDayName(std::string_view name);
// Non-throwing checks for folder names while scanning a tree.
bool tryParseCaseDayName(std::string_view name, CaseDayKey& out);
bool tryParseCaseName(std::string_view name, int& caseNo);

} // namespace gireview
