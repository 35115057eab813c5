#include "tellit/client_view.hpp"

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "tellit/rules.hpp"

namespace gameserver::games::tellit {
namespace {

using sdk::json;

const json* field(const json& object, const char* key) {
    if (!object.is_object()) return nullptr;
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

std::string string_of(const json& object, const char* key) {
    const json* value = field(object, key);
    return value && value->is_string() ? value->get<std::string>() : std::string();
}

std::int64_t queued_of(const json& user) {
    std::int64_t count = 0;
    const json* value = field(user, "queuedStories");
    return value && read_int(*value, count) ? count : 0;
}

bool has_user(const json& users, const std::string& id) {
    for (const auto& u : users) {
        if (string_of(u, "id") == id) return true;
    }
    return false;
}

bool same_ids(const json& a, const json& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (string_of(a[i], "id") != string_of(b[i], "id")) return false;
    }
    return true;
}

// The index of who submitted a text between two users lists with the same ids: the writer's
// successor gained a story, and the writer lost the one it continued (none when it started one).
std::optional<std::size_t> writer_of(const json& before, const json& after) {
    const std::size_t n = after.size();
    std::vector<std::int64_t> delta(n);
    for (std::size_t i = 0; i < n; ++i) delta[i] = queued_of(after[i]) - queued_of(before[i]);
    std::optional<std::size_t> gained;
    for (std::size_t i = 0; i < n; ++i) {
        if (delta[i] == 1 && !gained) {
            gained = i;
        } else if (delta[i] != 0 && delta[i] != -1) {
            return std::nullopt;
        }
    }
    if (!gained) return std::nullopt;
    const std::size_t writer = (*gained + n - 1) % n;
    for (std::size_t i = 0; i < n; ++i) {
        if (i == *gained) continue;
        if (delta[i] == -1 && i != writer) return std::nullopt;
    }
    return writer;
}

// The vote ids as view_for lists them (a sorted set); the restart's `{}` is no votes.
json vote_list(const json* votes) {
    std::set<std::string> ids;
    if (votes && votes->is_array()) {
        for (const auto& id : *votes) {
            if (id.is_string()) ids.insert(id.get<std::string>());
        }
    }
    json list = json::array();
    for (const auto& id : ids) list.push_back(id);
    return list;
}

// Replaces ids (a reconnect) and drops ids of users no longer listed (a kick) in a vote list.
void follow_users(json& votes, const json& before, const json& after) {
    std::set<std::string> ids;
    for (const auto& id : votes) ids.insert(id.get<std::string>());
    if (before.size() == after.size()) {
        for (std::size_t i = 0; i < after.size(); ++i) {
            const auto old_id = string_of(before[i], "id");
            const auto new_id = string_of(after[i], "id");
            if (old_id != new_id && ids.erase(old_id) > 0) ids.insert(new_id);
        }
    }
    std::erase_if(ids, [&](const std::string& id) { return !has_user(after, id); });
    votes = vote_list(nullptr);
    for (const auto& id : ids) votes.push_back(id);
}

// game::unanimous on the view: every connected user voted, and there is one.
bool unanimous(const json& votes, const json& users) {
    std::set<std::string> voted;
    for (const auto& id : votes) voted.insert(id.get<std::string>());
    bool anyone = false;
    for (const auto& u : users) {
        const json* gone = field(u, "disconnected");
        if (gone && gone->is_boolean() && gone->get<bool>()) continue;
        if (!voted.contains(string_of(u, "id"))) return false;
        anyone = true;
    }
    return anyone;
}

void add_written(json& view) {
    std::int64_t written = 0;
    (void)read_int(view["written"], written);
    view["written"] = written + 1;
}

// A message that only a running game sends reached a view that still says "waiting": the client
// joined late and has not been told the status (see on_users_update).
void running(json& view) {
    if (view["status"] == "waiting") view["status"] = to_string(status::started);
}

void on_users_update(json& view, const json& data, const sdk::player_id& self) {
    const json* users = field(data, "users");
    if (!users || !users->is_array()) return;
    const json before = view["users"];
    if (same_ids(before, *users)) {
        const auto writer = writer_of(before, *users);
        if (writer && string_of((*users)[*writer], "id") == self) add_written(view);
    }
    follow_users(view["finishVotes"], before, *users);
    follow_users(view["restartVotes"], before, *users);
    view["users"] = *users;
    // The seat arrives (a join, or a reconnect under a new id): what it holds of the stories may be
    // from before a restart it missed. request_update sends them again when the game has ended.
    if (!has_user(before, self) && has_user(*users, self)) view["finalStories"] = json::array();
    // Queued stories mean a running (or ended) game: a client that joined it late has heard no
    // game_status yet. "started" until one comes; a waiting view never holds stories.
    for (const auto& u : *users) {
        if (queued_of(u) > 0) running(view);
    }
    // Kicked (or not seated yet): view_for finds no user, so no story and nothing written.
    if (!has_user(*users, self)) {
        view["story"] = nullptr;
        view["written"] = 0;
    }
}

void on_game_status(json& view, const json& data) {
    const json* value = field(data, "status");
    status parsed = status::waiting;
    if (!value || !value->is_string() || !parse_status(value->get<std::string>(), parsed)) return;
    view["status"] = to_string(parsed);
    if (parsed != status::ended) view["finalStories"] = json::array();
    if (parsed == status::waiting) {
        // Only a restart (or the start of the room) leads here: stories and votes are gone.
        view["story"] = nullptr;
        view["isStoryOwner"] = false;
        view["written"] = 0;
        view["finishVotes"] = json::array();
        view["restartVotes"] = json::array();
    }
}

void on_story_update(json& view, const json& envelope, const sdk::player_id& self) {
    const json* data = field(envelope, "data");
    if (!data) return;
    if (data->is_object() && data->contains("story")) {
        // The restart's shape, broadcast to everyone: the stories are gone.
        view["story"] = nullptr;
        view["isStoryOwner"] = false;
        return;
    }
    if (!data->is_null() && !data->is_object()) return;
    // Anything else goes to story owners only. A lone user's submit leaves users_update as it
    // was, so its only trace is the new front of its queue.
    const json& users = view["users"];
    const bool alone = users.size() == 1 && string_of(users[0], "id") == self;
    // (A kick's story_update to a lone successor shows a story where there was none, or the same.)
    if (alone && view["status"] == "started" && view["isStoryOwner"] == true &&
        !view["story"].is_null() && view["story"] != *data) {
        add_written(view);
    }
    running(view);
    view["isStoryOwner"] = true;
    view["story"] = *data;
}

void on_final_stories(json& view, const json& data) {
    const json* stories = field(data, "stories");
    if (!stories || !stories->is_array()) return;
    // view_for shows them once ended. The end sends them just before its game_status, when the
    // finish votes are unanimous (which never holds while a game keeps running); otherwise,
    // before the end, they answer a request_stories and are not part of the view.
    const bool ending =
        view["status"] == "started" && unanimous(view["finishVotes"], view["users"]);
    if (view["status"] != "ended" && !ending) return;
    // The status follows at once, in the same view: no view shows stories before the end.
    view["status"] = to_string(status::ended);
    view["finalStories"] = *stories;
}

void on_user_kicked(json& view, const json& data, const sdk::player_id& self) {
    const std::string name = string_of(data, "kickedUser");
    std::string kicked_id;
    int named = 0;
    for (const auto& u : view["users"]) {
        if (string_of(u, "name") != name) continue;
        kicked_id = string_of(u, "id");
        ++named;
    }
    // With two users of that name we cannot tell who went nor whose stories they are: the
    // users_update that follows removes the user, and the authors stay wrong (a known gap).
    if (named != 1) return;
    // The owner's name becomes "Unknown" (game::author_of).
    auto forget = [&](json& story) {
        if (story.is_object() && string_of(story, "author") == name) story["author"] = "Unknown";
    };
    forget(view["story"]);
    for (auto& story : view["finalStories"]) forget(story);
    // The user, its votes and the votes it cast go now, and its queue moves on to its successor,
    // as in the game (game::remove_user): no view in between shows a vote by someone who is gone,
    // and the users_update that follows matches this list (it is not taken for a submit).
    json users = json::array();
    std::size_t at = 0;
    std::int64_t queue = 0;
    for (const auto& u : view["users"]) {
        if (string_of(u, "id") == kicked_id) {
            at = users.size();
            queue = queued_of(u);
            continue;
        }
        json remaining = u;
        json votes = json::array();
        if (const json* cast = field(u, "kickVotes"); cast && cast->is_array()) {
            for (const auto& voter : *cast) {
                if (voter != kicked_id) votes.push_back(voter);
            }
        }
        remaining["kickVotes"] = std::move(votes);
        users.push_back(std::move(remaining));
    }
    if (!users.empty() && queue > 0) {
        json& successor = users[at % users.size()];
        successor["queuedStories"] = queued_of(successor) + queue;
    }
    on_users_update(view, json{{"users", std::move(users)}}, self);
}

}  // namespace

json initial_client_view() {
    return json{{"status", to_string(status::waiting)},
                {"users", json::array()},
                {"story", nullptr},
                {"isStoryOwner", false},
                {"written", 0},
                {"finishVotes", json::array()},
                {"restartVotes", json::array()},
                {"options", to_json(room_options{})},
                {"finalStories", json::array()}};
}

bool reduce_view(json& view, const json& envelope, const sdk::player_id& self) {
    const std::string type = string_of(envelope, "type");
    const json* success = field(envelope, "success");
    if (success && success->is_boolean() && !success->get<bool>()) return false;
    static const std::set<std::string> known = {
        "users_update",       "game_status",         "story_update", "final_stories",
        "finish_vote_update", "restart_vote_update", "user_kicked"};
    if (!known.contains(type)) return false;

    const json before = view;
    if (!view.is_object()) view = initial_client_view();
    static const json no_data = json::object();
    const json* found = field(envelope, "data");
    const json& data = found ? *found : no_data;
    if (type == "users_update") {
        on_users_update(view, data, self);
    } else if (type == "game_status") {
        on_game_status(view, data);
    } else if (type == "story_update") {
        on_story_update(view, envelope, self);
    } else if (type == "final_stories") {
        on_final_stories(view, data);
    } else if (type == "finish_vote_update" || type == "restart_vote_update") {
        const json* votes = field(data, "votes");
        // A list is a vote, cast while the game runs (or after its end: "started" is a guess);
        // the restart sends `{}` after its game_status.
        if (votes && votes->is_array()) running(view);
        view[type == "finish_vote_update" ? "finishVotes" : "restartVotes"] = vote_list(votes);
    } else {
        on_user_kicked(view, data, self);
    }
    return view != before;
}

}  // namespace gameserver::games::tellit
