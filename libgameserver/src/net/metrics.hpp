// Prometheus metrics of the server (prometheus-cpp), also the core's telemetry sink. Label
// values are bounded: message types come from server code or a fixed inbound set.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "gameserver/core/telemetry.hpp"

namespace gameserver::net {

class metrics final : public core::telemetry {
  public:
    metrics();

    // core::telemetry
    void message_out(std::string_view type, std::size_t recipients) override;
    void error_sent(sdk::error_code code) override;
    void game_exception() override;
    void bot_action(bool accepted) override;
    void bot_desync(std::string_view game) override;
    void room_created(std::string_view game) override;
    void room_closed(std::string_view game) override;
    void members_changed(std::string_view game, long delta) override;
    void reconnect(bool ok) override;
    void ticks(std::string_view game, std::uint64_t run, std::uint64_t late) override;

    void message_in(std::string_view type);
    void handling_time(double seconds) { handling_seconds_.Observe(seconds); }
    void rejected(std::string_view reason);  // limits: frame_too_large, json_depth, per_ip, ...
    void rate_limited() { rate_limited_.Increment(); }
    void connection_moved() { connections_moved_.Increment(); }
    void slow_consumer() { slow_consumer_.Increment(); }
    void bytes_in(std::size_t n) { bytes_in_.Increment(static_cast<double>(n)); }
    void bytes_out(std::size_t n) { bytes_out_.Increment(static_cast<double>(n)); }
    void connection_opened();
    void connection_closed();
    void http_request(std::string_view route, unsigned status);
    void set_sessions(std::size_t n) { sessions_.Set(static_cast<double>(n)); }
    void set_storage(std::size_t pending, std::uint64_t failures);

    // Prometheus text exposition of everything.
    std::string serialize() const;

  private:
    prometheus::Counter& labelled(prometheus::Family<prometheus::Counter>& family,
                                  const std::string& label, std::string_view value);
    prometheus::Gauge& labelled(prometheus::Family<prometheus::Gauge>& family,
                                const std::string& label, std::string_view value);

    static std::atomic<std::uint64_t> next_serial_;
    std::uint64_t serial_;
    std::shared_ptr<prometheus::Registry> registry_;
    prometheus::Gauge& connections_open_;
    prometheus::Counter& connections_total_;
    prometheus::Family<prometheus::Gauge>& rooms_;
    prometheus::Family<prometheus::Gauge>& members_;
    prometheus::Family<prometheus::Counter>& rooms_created_;
    prometheus::Family<prometheus::Counter>& rooms_closed_;
    prometheus::Family<prometheus::Counter>& messages_in_;
    prometheus::Family<prometheus::Counter>& messages_out_;
    prometheus::Histogram& handling_seconds_;
    prometheus::Family<prometheus::Counter>& errors_;
    prometheus::Counter& bytes_in_;
    prometheus::Counter& bytes_out_;
    prometheus::Counter& slow_consumer_;
    prometheus::Counter& rate_limited_;
    prometheus::Counter& connections_moved_;
    prometheus::Family<prometheus::Counter>& rejections_;
    prometheus::Family<prometheus::Counter>& reconnects_;
    prometheus::Counter& game_exceptions_;
    prometheus::Family<prometheus::Counter>& bot_actions_;
    prometheus::Family<prometheus::Counter>& bot_desyncs_;
    prometheus::Family<prometheus::Counter>& ticks_;
    prometheus::Family<prometheus::Counter>& ticks_late_;
    prometheus::Family<prometheus::Counter>& http_requests_;
    prometheus::Gauge& sessions_;
    prometheus::Gauge& storage_pending_;
    prometheus::Gauge& storage_failures_;
};

}  // namespace gameserver::net
