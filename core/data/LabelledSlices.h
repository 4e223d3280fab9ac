#pragma once
// Which (slice, organ) pairs of a case-day carry labels. A pair that is not labelled is
// *unknown*, never background: exporters leave it out and readers keep it out of training and
// scoring. One byte per slice, one organBit() per organ, as in LabelVolume.
#include "data/Organ.h"
#include "data/SliceName.h"

#include <cstdint>
#include <map>
#include <vector>

namespace gireview {

class LabelledSlices {
public:
    LabelledSlices() = default;
    static LabelledSlices all(int depth) { return LabelledSlices(depth, 0x7); }
    static LabelledSlices none(int depth) { return LabelledSlices(depth, 0); }

    int depth() const { return int(bits_.size()); }
    // z is 0-based.
    bool has(int z, Organ organ) const {
        return z >= 0 && z < depth() && (bits_[size_t(z)] & organBit(organ));
    }
    std::uint8_t organsOn(int z) const { return z >= 0 && z < depth() ? bits_[size_t(z)] : 0; }
    void set(int z, Organ organ, bool on) {
        if (z < 0 || z >= depth()) return;
        if (on)
            bits_[size_t(z)] |= organBit(organ);
        else
            bits_[size_t(z)] &= std::uint8_t(~organBit(organ));
    }
    void setOrgans(int z, std::uint8_t organs) {
        if (z >= 0 && z < depth()) bits_[size_t(z)] = std::uint8_t(organs & 0x7);
    }
    size_t count(Organ organ) const {
        size_t n = 0;
        for (std::uint8_t b : bits_)
            n += (b & organBit(organ)) ? 1 : 0;
        return n;
    }
    size_t pairs() const {
        size_t n = 0;
        for (Organ organ : kAllOrgans)
            n += count(organ);
        return n;
    }
    bool any() const {
        for (std::uint8_t b : bits_)
            if (b) return true;
        return false;
    }
    bool complete() const { return pairs() == size_t(depth()) * kOrganCount; }
    friend bool operator==(const LabelledSlices& a, const LabelledSlices& b) {
        return a.bits_ == b.bits_;
    }

private:
    LabelledSlices(int depth, std::uint8_t value) : bits_(size_t(depth > 0 ? depth : 0), value) {}
    std::vector<std::uint8_t> bits_;
};

// Per case-day; a day missing from the map is not labelled at all.
using LabelledMap = std::map<CaseDayKey, LabelledSlices>;

} // namespace gireview
