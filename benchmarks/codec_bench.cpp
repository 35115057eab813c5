// The wire codec's hot paths: one broadcast-sized tic-tac-toe state out, one move frame in.
#include <benchmark/benchmark.h>

#include <string>
#include <string_view>

#include "gameserver/core/json_codec.hpp"

namespace {

using gameserver::sdk::json;

json make_game_state() {
    const std::string player_x = "3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b";
    const std::string player_o = "8d7e6f5a-4b3c-4d2e-8f1a-0b9c8d7e6f5a";
    json state = json::object();
    state["board"] = json::array(
        {json::array({"X", "", ""}), json::array({"", "O", ""}), json::array({"", "", "X"})});
    json players = json::object();
    players[player_x] = {{"symbol", "X"}, {"name", "Player X"}};
    players[player_o] = {{"symbol", "O"}, {"name", "Player O"}};
    state["players"] = std::move(players);
    state["currentTurn"] = player_o;
    state["winner"] = "";
    state["gameOver"] = false;
    state["drawGame"] = false;
    return state;
}

void bm_encode_game_state(benchmark::State& state) {
    const json game_state = make_game_state();
    std::size_t bytes = 0;
    for (auto _ : state) {
        std::string frame = gameserver::core::encode_envelope("game_state", game_state);
        bytes += frame.size();
        benchmark::DoNotOptimize(frame);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}
BENCHMARK(bm_encode_game_state);

// nlohmann's own writer on the same value, for scale (its output is not Go-compatible).
void bm_nlohmann_dump_game_state(benchmark::State& state) {
    const json game_state = make_game_state();
    for (auto _ : state) {
        std::string frame = game_state.dump();
        benchmark::DoNotOptimize(frame);
    }
}
BENCHMARK(bm_nlohmann_dump_game_state);

void bm_decode_make_move(benchmark::State& state) {
    constexpr std::string_view frame = R"({"type":"make_move","data":{"row":1,"col":2}})";
    for (auto _ : state) {
        auto result = gameserver::core::decode_inbound(frame, 32);
        std::int64_t row = -1;
        std::int64_t col = -1;
        if (result.message) {
            gameserver::core::read_int(result.message->data, "row", row);
            gameserver::core::read_int(result.message->data, "col", col);
        }
        benchmark::DoNotOptimize(row);
        benchmark::DoNotOptimize(col);
        benchmark::DoNotOptimize(result);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * frame.size()));
}
BENCHMARK(bm_decode_make_move);

}  // namespace
