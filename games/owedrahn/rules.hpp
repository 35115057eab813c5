// Owe Drahn rules (SEED-SPEC §6.3) as plain values and pure functions: the shared counter, the
// die (a 3 counts as 0), lives, the main bet and side-bet settlement. Shared by the game (the
// authoritative state), the bots (bust odds) and the statistics (formatted players and rolls).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gameserver/sdk/json.hpp"

namespace gameserver::games::owedrahn {

inline constexpr int start_life = 6;
// The counter may reach this value; one more eliminates the roller.
inline constexpr int bust_limit = 15;
// The fix of GAMES.md: losing a life needs a counter of at least this (the web UI's
// MIN_VAL_TO_OWE_DRAHN) and more than one life.
inline constexpr int min_counter_to_lose_life = 10;
inline constexpr double default_main_bet = 1.0;

// What a rolled face adds to the counter: its value, except that a 3 counts as 0.
int die_value(int face);
// The chance (0..1) that one roll from `counter` pushes it above bust_limit.
double bust_chance(int counter);

// Side-bet status, written as an integer on the wire.
enum class bet_status : int { pending = 0, accepted = 1, declined = 2, resolved = 3 };

// A seat. `stats` is null or the PlayerStats object read at handshake; `pending_uid` is the uid
// of a handshake whose stats load has not been answered yet (not on the wire).
struct player {
    std::string id;
    std::string uid;
    std::string username;
    int rank = 0;  // never computed, as in the Go server
    sdk::json stats = nullptr;
    int life = start_life;
    bool ready = false;
    bool choosing = false;
    bool connected = false;
    double balance = 0.0;
    std::string pending_uid;

    bool alive() const { return life > 0; }
    // {"id","uid","username","rank","stats","life","ready","choosing","connected","balance"}
    sdk::json to_json() const;
};

// FormattedPlayer, used inside events, records and rolls: {"life","uid","username","rank"}.
struct formatted_player {
    int life = 0;
    std::string uid;
    std::string username;
    int rank = 0;

    sdk::json to_json() const;
    static std::optional<formatted_player> from_json(const sdk::json& value);
    friend bool operator==(const formatted_player&, const formatted_player&) = default;
};
formatted_player format(const player& p);

// One roll: who rolled (as they were before the roll), the face, and the counter after it.
struct roll_record {
    formatted_player roller;
    int dice = 0;
    int total = 0;

    // The Go record shape, with capitalized keys: {"Player":{...},"Dice":n,"Total":n}.
    sdk::json to_json() const;
    static std::optional<roll_record> from_json(const sdk::json& value);
    friend bool operator==(const roll_record&, const roll_record&) = default;
};

struct side_bet {
    std::string id;
    std::string challenger_id;
    std::string challenger_name;
    std::string opponent_id;
    std::string opponent_name;
    double amount = 0.0;
    bet_status status = bet_status::pending;

    // {"id","challengerId","challengerName","opponentId","opponentName","amount","status"}
    sdk::json to_json() const;
    static std::optional<side_bet> from_json(const sdk::json& value);
};

// Settles every accepted bet where a party is out (life 0): the loser pays `amount` to the other
// party and the bet becomes resolved. The challenger's death is checked first. A bet naming
// someone who is no longer seated (left before the start) is left alone (Go dereferenced nil).
void resolve_side_bets(std::vector<player>& players, std::vector<side_bet>& bets);

// True when the balances sum to 0 (within rounding), as every settlement keeps them.
bool zero_sum(const std::vector<player>& players);

// The index of the first alive player after `from` in seat order, wrapping around and ending
// with `from` itself; nullopt when nobody is alive.
std::optional<std::size_t> next_alive_after(const std::vector<player>& players, std::size_t from);

// A UUID v4 drawn from the room's engine (bets need ids; the engine keeps replays identical).
template <typename Rng>
std::string make_uuid(Rng& random) {
    const std::uint64_t hi = (random.next_u64() & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;
    const std::uint64_t lo = (random.next_u64() & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    auto put = [&](std::uint64_t word, int from_nibble, int to_nibble) {
        for (int n = from_nibble; n < to_nibble; ++n) {
            out.push_back(digits[(word >> (60 - 4 * n)) & 0xf]);
        }
    };
    put(hi, 0, 8);
    out.push_back('-');
    put(hi, 8, 12);
    out.push_back('-');
    put(hi, 12, 16);
    out.push_back('-');
    put(lo, 0, 4);
    out.push_back('-');
    put(lo, 4, 16);
    return out;
}

}  // namespace gameserver::games::owedrahn
