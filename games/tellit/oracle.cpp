#include "tellit/oracle.hpp"

#include <cstdint>
#include <map>
#include <set>
#include <vector>

#include "tellit/rules.hpp"

namespace gameserver::games::tellit {
namespace {

using sdk::json;

struct user_row {
    std::string id;
    std::string name;
    bool disconnected = false;
    bool afk = false;
    std::vector<std::string> kick_votes;
    std::int64_t queued = 0;
};

struct story_row {
    std::string text;
    std::string author;
    double avg_reading_time = 0;
    std::int64_t words = 0;
    std::int64_t turns = 0;
};

// A view_for() result, read.
struct seat {
    status state = status::waiting;
    std::vector<user_row> users;
    std::optional<story_row> story;
    bool story_owner = false;
    std::int64_t written = 0;
    std::vector<std::string> finish_votes;
    std::vector<std::string> restart_votes;
    room_options options;
    std::vector<story_row> final_stories;

    const user_row* find(const std::string& id) const {
        for (const auto& u : users) {
            if (u.id == id) return &u;
        }
        return nullptr;
    }
};

const json* field(const json& object, const char* key) {
    if (!object.is_object()) return nullptr;
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

bool read_string(const json* value, std::string& out) {
    if (!value || !value->is_string()) return false;
    out = value->get<std::string>();
    return true;
}

bool read_bool(const json* value, bool& out) {
    if (!value || !value->is_boolean()) return false;
    out = value->get<bool>();
    return true;
}

bool read_strings(const json* value, std::vector<std::string>& out) {
    if (!value || !value->is_array()) return false;
    out.clear();
    for (const auto& item : *value) {
        if (!item.is_string()) return false;
        out.push_back(item.get<std::string>());
    }
    return true;
}

bool read_story(const json& value, story_row& out) {
    const json* stats = field(value, "stats");
    if (!stats || !read_string(field(value, "text"), out.text) ||
        !read_string(field(value, "author"), out.author)) {
        return false;
    }
    const json* avg = field(*stats, "avgReadingTime");
    const json* words = field(*stats, "words");
    const json* turns = field(*stats, "turns");
    if (!avg || !avg->is_number() || !words || !read_int(*words, out.words) || !turns ||
        !read_int(*turns, out.turns)) {
        return false;
    }
    out.avg_reading_time = avg->get<double>();
    return true;
}

std::optional<std::string> read_seat(const json& view, seat& out) {
    if (!view.is_object()) return "not an object";
    std::string text;
    if (!read_string(field(view, "status"), text) || !parse_status(text, out.state)) {
        return "unreadable status";
    }
    const json* users = field(view, "users");
    if (!users || !users->is_array()) return "unreadable users";
    for (const auto& entry : *users) {
        user_row u;
        if (!read_string(field(entry, "id"), u.id) || !read_string(field(entry, "name"), u.name) ||
            !read_bool(field(entry, "disconnected"), u.disconnected) ||
            !read_bool(field(entry, "afk"), u.afk) ||
            !read_strings(field(entry, "kickVotes"), u.kick_votes) ||
            !field(entry, "queuedStories") || !read_int(entry.at("queuedStories"), u.queued)) {
            return "unreadable user entry " + entry.dump();
        }
        out.users.push_back(std::move(u));
    }
    const json* story = field(view, "story");
    if (!story) return "no story";
    if (!story->is_null()) {
        story_row s;
        if (!read_story(*story, s)) return "unreadable story " + story->dump();
        out.story = std::move(s);
    }
    const json* written = field(view, "written");
    if (!read_bool(field(view, "isStoryOwner"), out.story_owner) || !written ||
        !read_int(*written, out.written)) {
        return "unreadable isStoryOwner or written";
    }
    if (!read_strings(field(view, "finishVotes"), out.finish_votes) ||
        !read_strings(field(view, "restartVotes"), out.restart_votes)) {
        return "unreadable votes";
    }
    const json* options = field(view, "options");
    if (!options || !options_from_json(*options, out.options)) return "unreadable options";
    const json* finals = field(view, "finalStories");
    if (!finals || !finals->is_array()) return "unreadable finalStories";
    for (const auto& entry : *finals) {
        story_row s;
        if (!read_story(entry, s)) return "unreadable final story " + entry.dump();
        out.final_stories.push_back(std::move(s));
    }
    return std::nullopt;
}

// An ended view lists the stories, except a folded one whose client missed finish votes while
// away: it takes the end's final_stories for a request_stories answer and keeps [] (a known gap
// of client_view.hpp). An empty list is therefore no evidence.
bool knows_the_stories(const seat& v) {
    return v.state == status::ended && !v.final_stories.empty();
}

std::optional<std::string> check_votes(const seat& v, const std::vector<std::string>& votes,
                                       const std::string& what) {
    std::set<std::string> seen;
    for (const auto& id : votes) {
        if (!v.find(id)) return what + " by " + id + ", who is not a user";
        if (!seen.insert(id).second) return what + " by " + id + " counted twice";
    }
    return std::nullopt;
}

std::optional<std::string> check_story(const seat& v, const story_row& s, const std::string& what,
                                       bool check_author) {
    if (s.turns < 1) return what + " has " + std::to_string(s.turns) + " turns";
    if (s.words < 0) return what + " has " + std::to_string(s.words) + " words";
    // story::stats computes it from the words, in this order.
    if (s.avg_reading_time != static_cast<double>(s.words) / 200 * 60) {
        return what + " has a reading time that does not match its " + std::to_string(s.words) +
               " words";
    }
    if (check_author && s.author != "Unknown") {
        bool found = false;
        for (const auto& u : v.users) found = found || u.name == s.author;
        if (!found) return what + " is by '" + s.author + "', who is no user (nor Unknown)";
    }
    return std::nullopt;
}

// What holds in every view the game can produce, whoever holds it.
std::optional<std::string> check_room(const seat& v) {
    std::set<std::string> ids;
    for (const auto& u : v.users) {
        if (!ids.insert(u.id).second) return "user " + u.id + " listed twice";
        if (u.afk) return "user " + u.id + " is afk, which the game never sets";
        if (u.queued < 0) return "user " + u.id + " has a negative queue";
        if (v.state == status::waiting && u.queued != 0) {
            return "user " + u.id + " has queued stories while waiting";
        }
        if (u.kick_votes.size() > v.users.size())
            return "user " + u.id + " has too many kick votes";
        if (auto error = check_votes(v, u.kick_votes, "kick vote against " + u.id)) return error;
    }
    if (auto error = check_votes(v, v.finish_votes, "finish vote")) return error;
    if (auto error = check_votes(v, v.restart_votes, "restart vote")) return error;
    if (v.written < 0) return "written is negative";

    if (v.state == status::waiting) {
        // Waiting: the room is new or just restarted, which clears stories and votes.
        if (!v.finish_votes.empty() || !v.restart_votes.empty()) return "votes while waiting";
        if (v.story_owner || v.story) return "a story while waiting";
        if (v.written != 0) return "written " + std::to_string(v.written) + " while waiting";
    }
    if (v.state != status::ended && !v.final_stories.empty()) {
        return "final stories before the end";
    }
    if (!v.story_owner && v.story) return "a story shown to a player who owns none";
    if (v.story) {
        // Not its author: a client back from away holds its story from before until the
        // request_update's story_update, and its author may have been kicked meanwhile.
        if (auto error = check_story(v, *v.story, "the current story", false)) return error;
    }
    std::int64_t queued = 0;
    for (const auto& u : v.users) queued += u.queued;
    for (const auto& s : v.final_stories) {
        if (auto error = check_story(v, s, "a final story", true)) return error;
    }
    // Each story sits in one queue (a kick can drop the last user's queue, never add one).
    if (knows_the_stories(v) && queued > static_cast<std::int64_t>(v.final_stories.size())) {
        return std::to_string(queued) + " queued stories but " +
               std::to_string(v.final_stories.size()) + " stories in all";
    }
    return std::nullopt;
}

// What holds for the seat itself.
std::optional<std::string> check_self(const seat& v, const std::string& self) {
    const user_row* me = v.find(self);
    if (!me) {
        if (v.story) return "a story shown to " + self + ", who is not a user";
        if (v.written != 0) return "written " + std::to_string(v.written) + " by a non-user";
        return std::nullopt;
    }
    // Every submit makes the writer a story owner until the restart that resets `written`.
    if (v.written > 0 && !v.story_owner) {
        return "written " + std::to_string(v.written) + " but owns no story";
    }
    return std::nullopt;
}

// Users are only appended (join), removed (kick) or re-keyed in place with their name (reconnect).
std::optional<std::string> check_users(const seat& before, const seat& after) {
    std::map<std::string, std::size_t> position;
    for (std::size_t i = 0; i < before.users.size(); ++i) position[before.users[i].id] = i;
    std::set<std::string> after_ids;
    for (const auto& u : after.users) after_ids.insert(u.id);

    std::set<std::size_t> used;
    std::optional<std::size_t> last;
    std::string newcomer;  // the first user that can only have joined since `before`
    for (const auto& u : after.users) {
        if (const auto it = position.find(u.id); it != position.end()) {
            const user_row& was = before.users[it->second];
            if (was.name != u.name) {
                return "user " + u.id + " renamed from '" + was.name + "' to '" + u.name + "'";
            }
            if (!newcomer.empty()) {
                return "user " + u.id + " listed after " + newcomer + ", who joined later";
            }
            if (last && it->second < *last) {
                return "user " + u.id + " moved before " + before.users[*last].id;
            }
            last = it->second;
            continue;
        }
        if (newcomer.empty()) {
            // A reconnect: the first later seat of the same name whose old id is gone.
            const std::size_t from = last ? *last + 1 : 0;
            bool matched = false;
            for (std::size_t q = from; q < before.users.size() && !matched; ++q) {
                const user_row& was = before.users[q];
                if (was.name == u.name && !after_ids.contains(was.id) && !used.contains(q)) {
                    used.insert(q);
                    last = q;
                    matched = true;
                }
            }
            if (matched) continue;
            newcomer = u.id;
        }
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> transition_error(const sdk::json& before, const sdk::json& after,
                                            const sdk::player_id& self) {
    seat was;
    seat now;
    if (auto error = read_seat(before, was)) return "earlier view: " + *error;
    if (auto error = read_seat(after, now)) return *error;
    if (auto error = check_room(was)) return "earlier view: " + *error;
    if (auto error = check_room(now)) return *error;
    if (auto error = check_self(now, self)) return *error;
    if (!(was.options == now.options)) {
        return "options changed from " + to_json(was.options).dump() + " to " +
               to_json(now.options).dump();
    }
    return check_users(was, now);
}

}  // namespace gameserver::games::tellit
