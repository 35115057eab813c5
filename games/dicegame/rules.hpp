// dicegame rules (SEED-SPEC §6.2): the constants and the Go server's scoring of a multiset of
// faces, plus the scoring choices a roll offers. Shared by the game and its bot policies.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "gameserver/sdk/context.hpp"

namespace gameserver::games::dicegame {

inline constexpr int dice_count = 6;
inline constexpr std::int64_t target_score = 3000;
// The Go server's BustedAnimationDelay: a bust ends the turn this long after the roll.
inline constexpr sdk::millis bust_delay{4000};
inline constexpr sdk::millis max_bust_delay{60'000};

// How many dice show each face, indexed by face 0..6. Face 0 is a die "not rolled yet"; Go scores
// it like any other value (three 0s are a valid 0-point triple), so it is counted, not dropped.
using face_counts = std::array<int, 7>;

struct score_result {
    std::int64_t points = 0;
    bool valid = false;  // every die was consumed by a scoring combination
    friend bool operator==(const score_result&, const score_result&) = default;
};

// Go's CalculateScore: one run (1-6 1500, else 1-5 500, else 2-6 750), then every face with 3 or
// more (1000 for 1s, else face x 100, doubled per die beyond three), then single 1s (100) and 5s
// (50). Order does not matter. Values outside 0..6 are never consumed (the set is then invalid).
score_result score(std::span<const int> faces);
// The same for a multiset given by counts (`total` dice, which may exceed the counted ones).
score_result score(const face_counts& counts, int total);
face_counts count_faces(std::span<const int> faces);

// A roll busts when it scores nothing (Go: score 0 and not valid).
bool is_bust(std::span<const int> dice);

// One way to score part of a roll: which faces to take, what it scores, how many dice it uses.
struct scoring_option {
    face_counts take{};
    std::int64_t points = 0;
    int dice = 0;
};
// Every non-empty sub-multiset of `counts` that scores validly (the set_aside rule), in a fixed
// order (lexicographic by the counts taken of faces 0..6).
std::vector<scoring_option> scoring_options(const face_counts& counts);

}  // namespace gameserver::games::dicegame
