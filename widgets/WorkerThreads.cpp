#include "WorkerThreads.h"

#include <algorithm>

namespace gireview {

namespace {
// Every hand-off releases into and acquires from this one atomic. A read-modify-write keeps the
// release sequence whole, so an acquire sees every hand-off made before it.
std::atomic<unsigned> handOffs{0};
} // namespace

void handOff() { handOffs.fetch_add(1, std::memory_order_acq_rel); }
void takeOver() { handOffs.fetch_add(0, std::memory_order_acq_rel); }

bool WorkerThreads::busy() const {
    return std::any_of(threads_.begin(), threads_.end(),
                       [](const auto& entry) { return !entry.second->load(std::memory_order_acquire); });
}

void WorkerThreads::waitForAll() {
    for (auto& [thread, finished] : threads_)
        if (thread.joinable()) thread.join();
    threads_.clear();
}

void WorkerThreads::reap() {
    threads_.erase(std::remove_if(threads_.begin(), threads_.end(),
                                  [](auto& entry) {
                                      if (!entry.second->load(std::memory_order_acquire)) return false;
                                      entry.first.join();
                                      return true;
                                  }),
                   threads_.end());
}

} // namespace gireview
