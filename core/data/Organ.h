#pragma once
// The three organs of the reference dataset, in the order train.csv lists them per slice.
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace gireview {

enum class Organ : std::uint8_t { LargeBowel = 0, SmallBowel = 1, Stomach = 2 };

inline constexpr int kOrganCount = 3;
inline constexpr std::array<Organ, kOrganCount> kAllOrgans = {Organ::LargeBowel, Organ::SmallBowel,
                                                              Organ::Stomach};

// Bit of an organ in a LabelVolume voxel; also the NIfTI label value (overlaps add up).
constexpr std::uint8_t organBit(Organ organ) {
    return static_cast<std::uint8_t>(1u << static_cast<unsigned>(organ));
}
constexpr int organIndex(Organ organ) { return static_cast<int>(organ); }

// Class name as written in train.csv ("large_bowel", "small_bowel", "stomach").
std::string_view organClassName(Organ organ);
// Human-readable name ("Large bowel").
std::string_view organDisplayName(Organ organ);
std::optional<Organ> organFromClassName(std::string_view className);

} // namespace gireview
