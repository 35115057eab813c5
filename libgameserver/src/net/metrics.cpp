#include "metrics.hpp"

#include <prometheus/text_serializer.h>

#include <atomic>
#include <map>
#include <unordered_map>

namespace gameserver::net {
namespace {

template <typename Metric>
prometheus::Family<Metric>& family(prometheus::Registry& registry, const std::string& name,
                                   const std::string& help) {
    if constexpr (std::is_same_v<Metric, prometheus::Counter>) {
        return prometheus::BuildCounter().Name(name).Help(help).Register(registry);
    } else {
        return prometheus::BuildGauge().Name(name).Help(help).Register(registry);
    }
}

// Family::Add takes a mutex and hashes labels; the per-thread cache makes the hot path a
// lookup in a small map with no lock after the first use of each label value.
// Keyed by the metrics object's serial too: a later server in the same process (tests) may get
// a family at the address of a destroyed one.
template <typename Metric>
Metric& cached(std::uint64_t serial, prometheus::Family<Metric>& fam, const std::string& label,
               std::string_view value) {
    using key = std::pair<std::uint64_t, const void*>;
    struct key_hash {
        std::size_t operator()(const key& k) const {
            return std::hash<std::uint64_t>{}(k.first) ^ std::hash<const void*>{}(k.second);
        }
    };
    thread_local std::unordered_map<key, std::map<std::string, Metric*, std::less<>>, key_hash>
        cache;
    auto& per_family = cache[key{serial, &fam}];
    auto it = per_family.find(value);
    if (it != per_family.end()) return *it->second;
    Metric& metric = fam.Add({{label, std::string(value)}});
    per_family.emplace(std::string(value), &metric);
    return metric;
}

}  // namespace

std::atomic<std::uint64_t> metrics::next_serial_{1};

metrics::metrics()
    : serial_(next_serial_++),
      registry_(std::make_shared<prometheus::Registry>()),
      connections_open_(family<prometheus::Gauge>(*registry_, "gameserver_connections_open",
                                                  "Open WebSocket connections")
                            .Add({})),
      connections_total_(family<prometheus::Counter>(*registry_, "gameserver_connections_total",
                                                     "WebSocket connections accepted")
                             .Add({})),
      rooms_(family<prometheus::Gauge>(*registry_, "gameserver_rooms", "Open rooms by game")),
      members_(family<prometheus::Gauge>(*registry_, "gameserver_room_members",
                                         "Room members (humans and bots) by game")),
      rooms_created_(family<prometheus::Counter>(*registry_, "gameserver_rooms_created_total",
                                                 "Rooms created by game")),
      rooms_closed_(family<prometheus::Counter>(*registry_, "gameserver_rooms_closed_total",
                                                "Rooms closed by game")),
      messages_in_(family<prometheus::Counter>(*registry_, "gameserver_messages_in_total",
                                               "Inbound messages by type")),
      messages_out_(family<prometheus::Counter>(*registry_, "gameserver_messages_out_total",
                                                "Outbound envelopes by type (per recipient)")),
      handling_seconds_(
          prometheus::BuildHistogram()
              .Name("gameserver_message_handling_seconds")
              .Help("Time from a frame read to its handling done")
              .Register(*registry_)
              .Add({}, prometheus::Histogram::BucketBoundaries{0.00001, 0.000025, 0.00005, 0.0001,
                                                               0.00025, 0.0005, 0.001, 0.0025,
                                                               0.005, 0.01, 0.025, 0.05, 0.1})),
      errors_(family<prometheus::Counter>(*registry_, "gameserver_errors_total",
                                          "Error envelopes sent by code")),
      bytes_in_(family<prometheus::Counter>(*registry_, "gameserver_bytes_in_total",
                                            "WebSocket payload bytes received")
                    .Add({})),
      bytes_out_(family<prometheus::Counter>(*registry_, "gameserver_bytes_out_total",
                                             "WebSocket payload bytes sent")
                     .Add({})),
      slow_consumer_(family<prometheus::Counter>(
                         *registry_, "gameserver_slow_consumer_disconnects_total",
                         "Connections closed with 1013 because their outbox passed its limit")
                         .Add({})),
      rate_limited_(family<prometheus::Counter>(*registry_, "gameserver_rate_limited_total",
                                                "Messages refused by the per-connection rate limit")
                        .Add({})),
      connections_moved_(
          family<prometheus::Counter>(*registry_, "gameserver_connections_moved_total",
                                      "Connections moved to the event loop of their room")
              .Add({})),
      rejections_(family<prometheus::Counter>(*registry_, "gameserver_rejections_total",
                                              "Inputs or connections refused by a limit")),
      reconnects_(family<prometheus::Counter>(*registry_, "gameserver_reconnects_total",
                                              "Reconnect attempts by result")),
      game_exceptions_(family<prometheus::Counter>(*registry_, "gameserver_game_exceptions_total",
                                                   "Game hooks that threw (caught)")
                           .Add({})),
      bot_actions_(family<prometheus::Counter>(*registry_, "gameserver_bot_actions_total",
                                               "In-process bot actions by result")),
      bot_desyncs_(family<prometheus::Counter>(
          *registry_, "gameserver_bot_desyncs_total",
          "States an in-process bot received that its game's desync oracle refused, by game")),
      ticks_(family<prometheus::Counter>(*registry_, "gameserver_ticks_total",
                                         "Real-time game ticks run, by game")),
      ticks_late_(family<prometheus::Counter>(*registry_, "gameserver_ticks_late_total",
                                              "Ticks run behind schedule (caught up), by game")),
      http_requests_(family<prometheus::Counter>(*registry_, "gameserver_http_requests_total",
                                                 "HTTP requests by route and status")),
      sessions_(
          family<prometheus::Gauge>(*registry_, "gameserver_sessions", "Stored reconnect sessions")
              .Add({})),
      storage_pending_(family<prometheus::Gauge>(*registry_, "gameserver_storage_pending",
                                                 "Storage writes queued")
                           .Add({})),
      storage_failures_(family<prometheus::Gauge>(*registry_, "gameserver_storage_write_failures",
                                                  "Storage writes that failed since start")
                            .Add({})) {}

prometheus::Counter& metrics::labelled(prometheus::Family<prometheus::Counter>& fam,
                                       const std::string& label, std::string_view value) {
    return cached(serial_, fam, label, value);
}

prometheus::Gauge& metrics::labelled(prometheus::Family<prometheus::Gauge>& fam,
                                     const std::string& label, std::string_view value) {
    return cached(serial_, fam, label, value);
}

void metrics::message_out(std::string_view type, std::size_t recipients) {
    if (recipients)
        labelled(messages_out_, "type", type).Increment(static_cast<double>(recipients));
}
void metrics::error_sent(sdk::error_code code) {
    labelled(errors_, "code", sdk::to_string(code)).Increment();
}
void metrics::game_exception() {
    game_exceptions_.Increment();
}
void metrics::bot_action(bool accepted) {
    labelled(bot_actions_, "result", accepted ? "accepted" : "refused").Increment();
}
void metrics::bot_desync(std::string_view game) {
    labelled(bot_desyncs_, "game", game).Increment();
}
void metrics::ticks(std::string_view game, std::uint64_t run, std::uint64_t late) {
    labelled(ticks_, "game", game).Increment(static_cast<double>(run));
    if (late) labelled(ticks_late_, "game", game).Increment(static_cast<double>(late));
}
void metrics::room_created(std::string_view game) {
    labelled(rooms_created_, "game", game).Increment();
    labelled(rooms_, "game", game).Increment();
}
void metrics::room_closed(std::string_view game) {
    labelled(rooms_closed_, "game", game).Increment();
    labelled(rooms_, "game", game).Decrement();
}
void metrics::members_changed(std::string_view game, long delta) {
    labelled(members_, "game", game).Increment(static_cast<double>(delta));
}
void metrics::reconnect(bool ok) {
    labelled(reconnects_, "result", ok ? "ok" : "failed").Increment();
}
void metrics::message_in(std::string_view type) {
    labelled(messages_in_, "type", type).Increment();
}
void metrics::rejected(std::string_view reason) {
    labelled(rejections_, "reason", reason).Increment();
}
void metrics::connection_opened() {
    connections_open_.Increment();
    connections_total_.Increment();
}
void metrics::connection_closed() {
    connections_open_.Decrement();
}
void metrics::http_request(std::string_view route, unsigned status) {
    std::string key(route);
    key += ' ';
    key += std::to_string(status);
    labelled(http_requests_, "route_status", key).Increment();
}
void metrics::set_storage(std::size_t pending, std::uint64_t failures) {
    storage_pending_.Set(static_cast<double>(pending));
    storage_failures_.Set(static_cast<double>(failures));
}

std::string metrics::serialize() const {
    return prometheus::TextSerializer{}.Serialize(registry_->Collect());
}

}  // namespace gameserver::net
