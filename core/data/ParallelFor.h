#pragma once
// Runs body(i, worker) for i in [0, count) on `threads` workers pulling indices from a shared
// counter (slices differ in cost). The first exception thrown by any worker stops the others
// and is rethrown to the caller.
#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace gireview {

inline int defaultThreadCount() {
    return std::max(1u, std::thread::hardware_concurrency());
}

template <typename Body>
void parallelFor(size_t count, int threads, Body body) {
    threads = std::max(1, std::min<int>(threads, int(count)));
    std::atomic<size_t> next{0};
    std::atomic<bool> failed{false};
    std::exception_ptr firstError;
    std::mutex errorMutex;
    auto work = [&](int worker) {
        while (!failed.load(std::memory_order_relaxed)) {
            size_t i = next.fetch_add(1);
            if (i >= count) return;
            try {
                body(i, worker);
            } catch (...) {
                std::lock_guard<std::mutex> lock(errorMutex);
                if (!firstError) firstError = std::current_exception();
                failed = true;
            }
        }
    };
    if (threads == 1) {
        work(0);
    } else {
        std::vector<std::thread> pool;
        for (int t = 1; t < threads; ++t) pool.emplace_back(work, t);
        work(0);
        for (auto& thread : pool) thread.join();
    }
    if (firstError) std::rethrow_exception(firstError);
}

} // namespace gireview
