#pragma once
// Work off the GUI thread with its results delivered back by a queued call, built of std::thread
// and C++ atomics rather than QtConcurrent. Why: Debian's Qt is not built with ThreadSanitizer,
// so the ordering its futures and queued signals give (futex-based mutexes inside libQt6Core) is
// invisible to TSan, which then reports our reads of a worker's result as races. handOff() on
// the sending side and takeOver() on the receiving side state that ordering in our own code
// (a release and an acquire on one atomic: one atomic operation per hand-off).
#include <QMetaObject>
#include <QObject>
#include <atomic>
#include <functional>
#include <memory>
#include <thread>
#include <utility>
#include <vector>

namespace gireview {

void handOff();  // the sending thread, once the data it passes on is complete
void takeOver(); // the receiving thread, before it reads that data

// Threads owned by one receiver (a member of it): each runs a job and posts its result to the
// receiver's thread; the destructor waits for every job, so none outlives its receiver.
class WorkerThreads {
public:
    WorkerThreads() = default;
    WorkerThreads(const WorkerThreads&) = delete;
    WorkerThreads& operator=(const WorkerThreads&) = delete;
    ~WorkerThreads() { waitForAll(); }

    // Runs job() on a new thread, then deliver(result) on `receiver`'s thread (dropped when the
    // receiver is gone by then). `receiver` must own this object.
    template <typename Result>
    void run(QObject* receiver, std::function<Result()> job, std::function<void(Result)> deliver) {
        reap();
        auto finished = std::make_shared<std::atomic<bool>>(false);
        handOff(); // what the job reads was written on this thread
        std::thread thread([receiver, job = std::move(job), deliver = std::move(deliver), finished]() mutable {
            takeOver();
            auto result = std::make_shared<Result>(job());
            handOff();
            QMetaObject::invokeMethod(
                receiver,
                [result, deliver = std::move(deliver)] {
                    takeOver();
                    deliver(std::move(*result));
                },
                Qt::QueuedConnection);
            finished->store(true, std::memory_order_release);
        });
        threads_.push_back({std::move(thread), std::move(finished)});
    }
    bool busy() const;
    void waitForAll();

private:
    void reap(); // joins the threads whose job is done
    std::vector<std::pair<std::thread, std::shared_ptr<std::atomic<bool>>>> threads_;
};

} // namespace gireview
