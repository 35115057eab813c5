// Tell-It rules (SEED-SPEC §6.4) as plain values: room options, stories with their statistics,
// and users with their story queues. Shared by the game (authoritative state) and the bots.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "gameserver/sdk/json.hpp"

namespace gameserver::games::tellit {

// The three values of `gameStatus` / `game_status.status`.
enum class status : std::uint8_t { waiting, started, ended };

std::string_view to_string(status s);
// The inverse of to_string; false for anything else.
bool parse_status(std::string_view text, status& out);

// The `data.options` of the creating join_room. Only minUsers and maxUsers have an effect
// (maxUsers is enforced on join; <= 0 means no limit); botRounds is ours: how many texts a
// "writer" bot submits before it votes to finish.
struct room_options {
    bool spectators_allowed = true;
    bool is_public = true;
    std::int64_t min_users = 2;
    std::int64_t max_users = 30;
    std::int64_t afk_delay = 30000;  // milliseconds; AFK detection is not implemented (as in Go)
    std::int64_t bot_rounds = 3;

    friend bool operator==(const room_options&, const room_options&) = default;
};

// Go's json.Unmarshal of `options` over the defaults: keys match case-insensitively, the last
// matching key wins, unknown keys and null values are ignored, and a value of the wrong type
// (a fraction or a string for an int, a number for a bool) keeps that field's default while the
// other fields still apply. Anything but an object keeps every default. Never fails.
room_options parse_options(const sdk::json& options);
// {"spectatorsAllowed","isPublic","minUsers","maxUsers","afkDelay","botRounds"}.
sdk::json to_json(const room_options& options);
// The exact inverse of to_json (every key required, with its type); false when malformed.
bool options_from_json(const sdk::json& value, room_options& out);

// Go's encoding/json field matching: ASCII case-insensitive, plus the two non-ASCII runes that
// fold onto ASCII letters (U+212A Kelvin sign -> k, U+017F long s -> s).
bool key_matches(std::string_view key, std::string_view field);
// A JSON integer that fits Go's int (int64); floats such as 1.0 or 1e2 are type errors in Go.
bool read_int(const sdk::json& value, std::int64_t& out);

// Go's len(strings.Fields(text)): runs of non-space separated by Unicode white space.
std::size_t count_words(std::string_view text);

struct story_stats {
    double avg_reading_time = 0;  // seconds: words / 200 × 60, as Go computes it
    std::int64_t words = 0;
    std::int64_t turns = 0;
};

// One story: its owner (who wrote the first part) and its parts in order.
struct story {
    std::string owner;
    std::vector<std::string> parts;

    void add_text(std::string text) { parts.push_back(std::move(text)); }
    // The newest part, "" when there is none.
    std::string latest_text() const;
    // All parts joined with ". ".
    std::string serialize() const;
    story_stats stats() const;

    friend bool operator==(const story&, const story&) = default;
};

// StoryDTO: {"text","author","stats":{"avgReadingTime","words","turns"}}.
sdk::json story_dto(const std::string& text, const std::string& author, const story_stats& stats);

// One participant. The queue holds indices into the game's story list (front = the story the
// user continues next); `written` counts the texts submitted since the game (re)started.
struct user {
    std::string id;
    std::string name;
    bool disconnected = false;
    bool afk = false;  // never set (no AFK detection), but on the wire
    std::vector<std::string> kick_votes;
    std::deque<std::size_t> queue;
    std::int64_t written = 0;

    void enqueue(std::size_t story_index) { queue.push_back(story_index); }
    // Removes and returns the front into `out`; false when the queue is empty.
    bool dequeue(std::size_t& out);
    // The front, or nullptr when the queue is empty.
    const std::size_t* current() const { return queue.empty() ? nullptr : &queue.front(); }
    // A restart: afk off, no kick votes, an empty queue, nothing written.
    void reset();
    // UserDTO: {"id","name","disconnected","afk","kickVotes","queuedStories"}.
    sdk::json dto() const;

    friend bool operator==(const user&, const user&) = default;
};

}  // namespace gameserver::games::tellit
