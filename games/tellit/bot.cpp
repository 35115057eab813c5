#include "tellit/bot.hpp"

#include <array>
#include <string_view>

#include "tellit/rules.hpp"

namespace gameserver::games::tellit {
namespace {

constexpr std::array<std::string_view, 10> subjects = {
    "The old dragon",   "A curious fox",  "The baker's daughter", "A lonely robot",
    "The village cat",  "A tired wizard", "The ship's captain",   "A brave snail",
    "The night porter", "A singing tree",
};
constexpr std::array<std::string_view, 10> verbs = {
    "found",   "lost",       "painted", "whispered to", "followed",
    "guarded", "traded for", "forgot",  "carried",      "dreamed of",
};
constexpr std::array<std::string_view, 10> objects = {
    "a silver key",     "the last lantern",  "a map of the stars", "an angry goose",
    "a jar of thunder", "the king's hat",    "a broken compass",   "seven red apples",
    "a secret letter",  "the moon's shadow",
};
constexpr std::array<std::string_view, 10> places = {
    "under the bridge",        "at the edge of the forest", "in the crowded market",
    "on the frozen lake",      "behind the old mill",       "inside a paper boat",
    "at the top of the tower", "near the sleeping volcano", "in the king's kitchen",
    "beyond the seventh hill",
};

template <std::size_t N>
std::string_view pick(const std::array<std::string_view, N>& list, sdk::rng& random) {
    return list[random.index(N)];
}

const sdk::json* field(const sdk::json& object, const char* key) {
    if (!object.is_object()) return nullptr;
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

bool contains(const sdk::json* ids, const std::string& id) {
    if (!ids || !ids->is_array()) return false;
    for (const auto& item : *ids) {
        if (item.is_string() && item.get_ref<const std::string&>() == id) return true;
    }
    return false;
}

sdk::millis think(sdk::rng& random, sdk::millis low, sdk::millis high) {
    return sdk::millis{random.between(low.count(), high.count())};
}

sdk::bot_action plain(const char* type, sdk::rng& random) {
    return sdk::bot_action{type, nullptr, think(random, min_vote_think, max_vote_think)};
}

sdk::bot_action write(sdk::rng& random) {
    // The delay first, then the sentence: both come from the bot engine.
    const auto delay = think(random, min_write_think, max_write_think);
    return sdk::bot_action{"submit_text", sdk::json{{"text", compose_sentence(random)}}, delay};
}

}  // namespace

std::optional<seat_view> read_view(const sdk::json& view, const std::string& self) {
    const sdk::json* status_json = field(view, "status");
    const sdk::json* users = field(view, "users");
    const sdk::json* options = field(view, "options");
    const sdk::json* story = field(view, "story");
    const sdk::json* owner = field(view, "isStoryOwner");
    const sdk::json* written = field(view, "written");
    const sdk::json* finish_votes = field(view, "finishVotes");
    const sdk::json* restart_votes = field(view, "restartVotes");
    if (!status_json || !status_json->is_string() || !users || !users->is_array() || !options ||
        !story || !owner || !owner->is_boolean() || !written || !finish_votes ||
        !finish_votes->is_array() || !restart_votes || !restart_votes->is_array()) {
        return std::nullopt;
    }
    seat_view result;
    result.status = status_json->get<std::string>();
    bool seated = false;
    for (const auto& u : *users) {
        const sdk::json* id = field(u, "id");
        if (id && id->is_string() && id->get_ref<const std::string&>() == self) seated = true;
    }
    if (!seated) return std::nullopt;
    room_options parsed;
    if (!options_from_json(*options, parsed) || !read_int(*written, result.written)) {
        return std::nullopt;
    }
    result.users = users->size();
    result.min_users = parsed.min_users;
    result.bot_rounds = parsed.bot_rounds;
    result.story_owner = owner->get<bool>();
    result.has_story = story->is_object();
    result.voted_finish = contains(finish_votes, self);
    result.voted_restart = contains(restart_votes, self);
    result.restart_requested = !restart_votes->empty();
    return result;
}

std::string compose_sentence(sdk::rng& random) {
    std::string sentence(pick(subjects, random));
    sentence += ' ';
    sentence += pick(verbs, random);
    sentence += ' ';
    sentence += pick(objects, random);
    sentence += ' ';
    sentence += pick(places, random);
    return sentence;
}

std::optional<sdk::bot_action> writer_policy::decide(const sdk::json& view,
                                                     const sdk::player_id& self,
                                                     sdk::rng& random) const {
    const auto seat = read_view(view, self);
    if (!seat) return std::nullopt;
    if (seat->status == "waiting") {
        if (static_cast<std::int64_t>(seat->users) >= seat->min_users)
            return plain("start", random);
        return std::nullopt;
    }
    // People voted to restart: agree, or a room with a bot could never restart.
    if (seat->restart_requested && !seat->voted_restart) return plain("vote_restart", random);
    if (seat->status != "started") return std::nullopt;
    if (!seat->story_owner) return write(random);
    const std::int64_t rounds = seat->bot_rounds < 1 ? 1 : seat->bot_rounds;
    if (seat->written >= rounds && !seat->voted_finish) return plain("vote_finish", random);
    if (seat->has_story) return write(random);
    return std::nullopt;
}

std::optional<sdk::bot_action> random_policy::decide(const sdk::json& view,
                                                     const sdk::player_id& self,
                                                     sdk::rng& random) const {
    const auto seat = read_view(view, self);
    if (!seat) return std::nullopt;
    if (seat->status == "waiting") {
        if (static_cast<std::int64_t>(seat->users) >= seat->min_users)
            return plain("start", random);
        return std::nullopt;
    }
    if (seat->status != "started") return std::nullopt;
    const bool can_write = seat->can_write();
    const bool can_vote = !seat->voted_finish;
    if (can_write && can_vote)
        return random.chance(0.5) ? write(random) : plain("vote_finish", random);
    if (can_write) return write(random);
    if (can_vote) return plain("vote_finish", random);
    return std::nullopt;
}

const std::vector<std::string>& bot_names() {
    static const std::vector<std::string> names = {
        "Aesop",  "Scheherazade", "Homer",    "Andersen", "Grimm",
        "Austen", "Twain",        "Lagerlöf", "Calvino",  "Le Guin",
    };
    return names;
}

}  // namespace gameserver::games::tellit
