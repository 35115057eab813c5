// Hot paths of a room, without sockets: a tic-tac-toe move through the room actor (decode is
// measured in codec_bench), a state broadcast to 8 members (encode once, share) and one tick of
// an 8-player snake room (simulation, state encoded once, delivered to 8).
#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

#include "gameserver/core/room.hpp"
#include "gameserver/sdk/game.hpp"
#include "snake/plugin.hpp"
#include "tictactoe/plugin.hpp"

namespace {

using namespace gameserver;

class bench_environment final : public core::room_environment {
  public:
    core::room_clock::time_point now() const override { return now_; }
    // Remembers the last timer so a benchmark can fire it (the tick loop's next tick).
    void start_timer(std::uint64_t key, std::chrono::milliseconds delay) override {
        last_timer = key;
        last_delay = delay;
    }
    void cancel_timer(std::uint64_t) override {}
    void record(std::string_view, sdk::json) override {}
    void load_document(std::string_view, std::string, std::uint64_t) override {}
    void update_document(std::string_view, std::string, sdk::document_change) override {}
    void closed() override {}

    void advance(std::chrono::milliseconds by) { now_ += by; }

    std::uint64_t last_timer = 0;
    std::chrono::milliseconds last_delay{0};

  private:
    core::room_clock::time_point now_{};
};

// Counts what it receives, as a connection would queue it (no copy of the payload).
class counting_link final : public core::member_link {
  public:
    void deliver(core::outbound_batch batch) override {
        envelopes += batch.size();
        benchmark::DoNotOptimize(batch.data());
    }
    void left_room(const std::string&) override {}
    void kicked(const std::string&, const std::string&) override {}
    std::size_t envelopes = 0;
};

// A game that broadcasts a state of realistic size on every action.
class broadcaster final : public sdk::game {
  public:
    sdk::status on_create(sdk::context&, const sdk::json&) override { return sdk::ok(); }
    sdk::status on_join(sdk::context&, const sdk::player_id& p, const std::string& name,
                        bool) override {
        players_[p] = name;
        return sdk::ok();
    }
    void on_leave(sdk::context&, const sdk::player_id&) override {}
    void on_disconnect(sdk::context&, const sdk::player_id&) override {}
    sdk::status on_reconnect(sdk::context&, const sdk::player_id&, const sdk::player_id&) override {
        return sdk::ok();
    }
    sdk::status on_action(sdk::context& ctx, const sdk::player_id&, std::string_view,
                          const sdk::json&) override {
        ++tick_;
        ctx.broadcast("game_state", view_for({}));
        return sdk::ok();
    }
    void on_timer(sdk::context&, std::string_view) override {}
    sdk::status can_add_bot(sdk::context&) override { return sdk::ok(); }
    sdk::json snapshot() const override { return view_for({}); }
    sdk::status restore(const sdk::json&) override { return sdk::ok(); }
    sdk::json view_for(const sdk::player_id&) const override {
        sdk::json players = sdk::json::object();
        for (const auto& [id, name] : players_) players[id] = {{"name", name}, {"score", tick_}};
        return {{"tick", tick_}, {"players", std::move(players)}, {"started", true}};
    }
    bool is_started() const override { return true; }
    bool is_over() const override { return false; }

  private:
    std::map<std::string, std::string> players_;
    std::int64_t tick_ = 0;
};

class broadcaster_plugin final : public sdk::game_plugin {
  public:
    broadcaster_plugin() {
        info_.id = "broadcaster";
        info_.max_players = 8;
    }
    const sdk::game_info& info() const override { return info_; }
    std::unique_ptr<sdk::game> create() const override { return std::make_unique<broadcaster>(); }
    std::shared_ptr<const sdk::bot_policy> bot(std::string_view) const override { return nullptr; }
    std::vector<std::string> bot_policies() const override { return {}; }
    std::string bot_name(sdk::rng&) const override { return "bot"; }

  private:
    sdk::game_info info_;
};

std::string member_id(int i) {
    return "00000000-0000-4000-8000-00000000000" + std::to_string(i);
}

void BM_BroadcastTo8Members(benchmark::State& state) {
    broadcaster_plugin plugin;
    bench_environment env;
    core::room room("bench", plugin, {}, env, core::null_telemetry());
    (void)room.create({});
    std::vector<std::shared_ptr<counting_link>> links;
    auto reply = std::make_shared<const std::string>("{}");
    for (int i = 0; i < 8; ++i) {
        links.push_back(std::make_shared<counting_link>());
        room.join(member_id(i), links.back(), "p" + std::to_string(i), reply);
    }
    const sdk::json data = sdk::json::object();
    for (auto _ : state) {
        auto result = room.action(member_id(0), "tick", data, "error");
        benchmark::DoNotOptimize(result);
    }
    state.SetItemsProcessed(state.iterations() * 8);  // delivered messages
}
BENCHMARK(BM_BroadcastTo8Members);

// One legal move per iteration between two seated players (restart when a game ends): rules,
// state encode once, delivery to both members.
void BM_TicTacToeMoveThroughRoom(benchmark::State& state) {
    auto plugin = games::tictactoe::make_plugin();
    bench_environment env;
    core::room room("bench", *plugin, {}, env, core::null_telemetry());
    (void)room.create({});
    auto a = std::make_shared<counting_link>();
    auto b = std::make_shared<counting_link>();
    auto reply = std::make_shared<const std::string>("{}");
    const std::string ids[2] = {member_id(1), member_id(2)};
    room.join(ids[0], a, "a", reply);
    room.join(ids[1], b, "b", reply);
    // Moves that never end early: a draw in 9 moves, then a restart.
    const int order[9][2] = {{0, 0}, {1, 1}, {0, 1}, {0, 2}, {2, 0},
                             {1, 0}, {1, 2}, {2, 1}, {2, 2}};
    auto first_mover = [&] { return room.describe()["state"]["currentTurn"] == ids[0] ? 0 : 1; };
    int move = 0;
    int turn = first_mover();
    std::int64_t moves = 0;
    for (auto _ : state) {
        if (move == 9) {
            state.PauseTiming();
            room.action(ids[0], "restart_game", sdk::json(), "error");
            move = 0;
            turn = first_mover();
            state.ResumeTiming();
        }
        auto result =
            room.action(ids[turn], "make_move",
                        sdk::json{{"row", order[move][0]}, {"col", order[move][1]}}, "error");
        if (!result.ok) state.SkipWithError("move refused");
        turn = 1 - turn;
        ++move;
        ++moves;
    }
    state.SetItemsProcessed(moves);
}
BENCHMARK(BM_TicTacToeMoveThroughRoom);

// One tick of a snake room with 8 players going straight (a round restarts when it ends): the
// room's tick timer fires, the game moves 8 snakes, checks collisions and broadcasts the state,
// encoded once and delivered to 8 members.
void BM_SnakeTick8Players(benchmark::State& state) {
    auto plugin = games::snake::make_plugin();
    bench_environment env;
    core::room room("bench", *plugin, {}, env, core::null_telemetry());
    (void)room.create({});
    std::vector<std::shared_ptr<counting_link>> links;
    auto reply = std::make_shared<const std::string>("{}");
    for (int i = 0; i < 8; ++i) {
        links.push_back(std::make_shared<counting_link>());
        room.join(member_id(i), links.back(), "p" + std::to_string(i), reply);
    }
    const auto ready_all = [&] {
        for (int i = 0; i < 8; ++i) {
            room.action(member_id(i), "ready", sdk::json{{"ready", true}}, "error");
        }
    };
    ready_all();
    std::int64_t ticks = 0;
    bool over = false;
    for (auto _ : state) {
        if (over) {  // the last tick armed no next one: the round ended
            state.PauseTiming();
            room.action(member_id(0), "restart", sdk::json(), "error");
            ready_all();
            state.ResumeTiming();
        }
        const std::uint64_t fired = env.last_timer;
        env.advance(env.last_delay);
        room.fire_timer(fired);
        over = env.last_timer == fired;
        ++ticks;
    }
    state.SetItemsProcessed(ticks);
}
BENCHMARK(BM_SnakeTick8Players);

}  // namespace
