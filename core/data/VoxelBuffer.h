#pragma once
// Zero-initialised voxel storage from calloc: large blocks come straight from the kernel as
// untouched zero pages, so a day-sized label volume costs nothing until it is written. (A
// std::vector writes every zero itself; for a full train.csv that was 9 s of page faults.)
#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>

namespace gireview {

template <typename T>
class VoxelBuffer {
public:
    VoxelBuffer() = default;
    explicit VoxelBuffer(size_t count) : size_(count) {
        if (count) {
            data_ = static_cast<T*>(std::calloc(count, sizeof(T)));
            if (!data_) throw std::bad_alloc();
        }
    }
    VoxelBuffer(const VoxelBuffer& other) : VoxelBuffer() {
        if (other.size_) {
            data_ = static_cast<T*>(std::malloc(other.size_ * sizeof(T)));
            if (!data_) throw std::bad_alloc();
            std::memcpy(data_, other.data_, other.size_ * sizeof(T));
            size_ = other.size_;
        }
    }
    VoxelBuffer(VoxelBuffer&& other) noexcept
        : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}
    VoxelBuffer& operator=(VoxelBuffer other) noexcept {
        std::swap(data_, other.data_);
        std::swap(size_, other.size_);
        return *this;
    }
    ~VoxelBuffer() { std::free(data_); }

    T* data() { return data_; }
    const T* data() const { return data_; }
    size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    T& operator[](size_t i) { return data_[i]; }
    const T& operator[](size_t i) const { return data_[i]; }
    T* begin() { return data_; }
    T* end() { return data_ + size_; }
    const T* begin() const { return data_; }
    const T* end() const { return data_ + size_; }

    friend bool operator==(const VoxelBuffer& a, const VoxelBuffer& b) {
        return a.size_ == b.size_ && (a.size_ == 0 || std::memcmp(a.data_, b.data_, a.size_ * sizeof(T)) == 0);
    }

private:
    T* data_ = nullptr;
    size_t size_ = 0;
};

} // namespace gireview
