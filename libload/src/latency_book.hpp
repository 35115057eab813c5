// Private to libload: latency histograms by message type, shared by every thread of a run, and
// one for the current second of the timeline.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "gameserver/load/histogram.hpp"

namespace gameserver::load {

class latency_book {
  public:
    void add(const std::string& type, std::chrono::microseconds waited) {
        const auto us = static_cast<std::uint64_t>(std::max<std::int64_t>(0, waited.count()));
        std::lock_guard lock(mutex_);
        by_type_.try_emplace(type).first->second.record(us);
        all_.record(us);
        interval_.record(us);
    }
    std::map<std::string, histogram> by_type() const {
        std::lock_guard lock(mutex_);
        return by_type_;
    }
    std::uint64_t p99_all() const {
        std::lock_guard lock(mutex_);
        return all_.percentile(99);
    }

    // What was answered since the last call (the timeline's one second), and start anew.
    histogram take_interval() {
        histogram fresh;
        std::lock_guard lock(mutex_);
        std::swap(fresh, interval_);
        return fresh;
    }

  private:
    mutable std::mutex mutex_;
    std::map<std::string, histogram> by_type_;
    histogram all_;
    histogram interval_;
};

}  // namespace gameserver::load
