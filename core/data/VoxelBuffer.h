#pragma once
// Zero-initialised voxel storage that costs nothing until written. Blocks of 1 MiB and more are
// mapped straight from the kernel (mmap): untouched zero pages, given back whole on free. calloc
// promised the same but does not keep it: once glibc has freed a large block it raises its mmap
// threshold and serves later ones from the heap, zeroing every page (a label volume then costs
// its full 10 MB however little is labelled, and a browsed dataset's freed scans stay in the
// heap). Copies skip the source's all-zero pages, so a copied sparse volume stays sparse. (A
// std::vector writes every zero itself; for a full train.csv that was 9 s of page faults.)
#include <cstdlib>
#include <cstring>
#include <new>
#include <sys/mman.h>
#include <utility>

namespace gireview {

namespace voxelmemory {
inline constexpr size_t kMapAbove = size_t(1) << 20;
inline constexpr size_t kPage = 4096;

inline void* allocateZeroed(size_t bytes) {
    if (bytes < kMapAbove) return std::calloc(bytes, 1);
    void* block = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return block == MAP_FAILED ? nullptr : block;
}
inline void release(void* block, size_t bytes) {
    if (!block) return;
    if (bytes < kMapAbove) std::free(block);
    else ::munmap(block, bytes);
}
// Into freshly zeroed memory: only the pages of `from` that hold a non-zero byte are written.
inline void copySparse(void* to, const void* from, size_t bytes) {
    if (bytes < kMapAbove) {
        std::memcpy(to, from, bytes);
        return;
    }
    const auto* source = static_cast<const unsigned char*>(from);
    auto* target = static_cast<unsigned char*>(to);
    for (size_t offset = 0; offset < bytes; offset += kPage) {
        const size_t n = bytes - offset < kPage ? bytes - offset : kPage;
        const unsigned char* page = source + offset;
        bool zero = true;
        for (size_t i = 0; i < n; i += sizeof(unsigned long long)) {
            unsigned long long word = 0;
            std::memcpy(&word, page + i, n - i < sizeof word ? n - i : sizeof word);
            if (word) {
                zero = false;
                break;
            }
        }
        if (!zero) std::memcpy(target + offset, page, n);
    }
}
} // namespace voxelmemory

template <typename T>
class VoxelBuffer {
public:
    VoxelBuffer() = default;
    explicit VoxelBuffer(size_t count) : size_(count) {
        if (count) {
            data_ = static_cast<T*>(voxelmemory::allocateZeroed(count * sizeof(T)));
            if (!data_) throw std::bad_alloc();
        }
    }
    VoxelBuffer(const VoxelBuffer& other) : VoxelBuffer() {
        if (other.size_) {
            data_ = static_cast<T*>(voxelmemory::allocateZeroed(other.size_ * sizeof(T)));
            if (!data_) throw std::bad_alloc();
            voxelmemory::copySparse(data_, other.data_, other.size_ * sizeof(T));
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
    ~VoxelBuffer() { voxelmemory::release(data_, size_ * sizeof(T)); }

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
