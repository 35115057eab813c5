#include "tellit/game.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <utility>

namespace gameserver::games::tellit {
namespace {

using sdk::error_code;

// Go's json.Unmarshal of `data` into a struct with one string field `name`: an absent payload
// is an error, `null` decodes to "", an object's matching key (case-insensitive, the last one
// wins; null leaves "") must hold a string, and anything else is an error.
bool parse_string_field(const sdk::json& data, std::string_view name, std::string& out) {
    if (sdk::is_absent(data)) return false;
    if (data.is_null()) {
        out.clear();
        return true;
    }
    if (!data.is_object()) return false;
    std::string result;
    for (const auto& [key, value] : data.items()) {
        if (!key_matches(key, name)) continue;
        if (value.is_null()) continue;
        if (!value.is_string()) return false;
        result = value.get<std::string>();
    }
    out = std::move(result);
    return true;
}

// A submit_text refusal, in Go's shape `{"type":"submit_text","success":false,"error":...}` (plus
// our `code`). It is an answer, not a hook error: nothing changed and the router adds nothing.
sdk::status submit_failure(sdk::context& ctx, const sdk::player_id& player, error_code code,
                           std::string message) {
    ctx.send_error(player, "submit_text", sdk::game_error{code, std::move(message)});
    return sdk::ok();
}

sdk::json votes_payload(const std::set<std::string>& votes) {
    sdk::json ids = sdk::json::array();
    for (const auto& id : votes) ids.push_back(id);
    return sdk::json{{"votes", std::move(ids)}};
}

const sdk::json* field(const sdk::json& object, const char* key) {
    if (!object.is_object()) return nullptr;
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

bool read_strings(const sdk::json* value, std::vector<std::string>& out) {
    if (!value || !value->is_array()) return false;
    std::vector<std::string> result;
    for (const auto& item : *value) {
        if (!item.is_string()) return false;
        result.push_back(item.get<std::string>());
    }
    out = std::move(result);
    return true;
}

sdk::status bad_snapshot(const std::string& what) {
    return sdk::fail(error_code::bad_request, "invalid tellit snapshot: " + what);
}

}  // namespace

sdk::status game::on_create(sdk::context& /*ctx*/, const sdk::json& options) {
    options_ = parse_options(options);  // never refuses: a bad field keeps its default
    return sdk::ok();
}

sdk::status game::on_join(sdk::context& ctx, const sdk::player_id& player, const std::string& name,
                          bool /*is_bot*/) {
    if (find_user(player)) {
        return sdk::fail(error_code::already_in_room, "client is already in a room");
    }
    // Fix: the Go server never enforced maxUsers; the joiner stays in the room as a spectator.
    if (options_.max_users > 0 && static_cast<std::int64_t>(users_.size()) >= options_.max_users) {
        return sdk::fail(error_code::room_full, "Game is full");
    }
    user joined;
    joined.id = player;
    joined.name = name;
    users_.push_back(std::move(joined));
    broadcast_users(ctx);
    return sdk::ok();
}

void game::on_leave(sdk::context& ctx, const sdk::player_id& player) {
    // As in Go: the user stays in the rotation, marked disconnected.
    mark_disconnected(ctx, player);
}

void game::on_disconnect(sdk::context& ctx, const sdk::player_id& player) {
    // Fix: the Go server was never told, so votes waited for dead sockets.
    mark_disconnected(ctx, player);
}

sdk::status game::on_reconnect(sdk::context& ctx, const sdk::player_id& old_id,
                               const sdk::player_id& new_id) {
    user* u = find_user(old_id);
    if (!u) return sdk::fail(error_code::player_not_found, "user not found");
    if (new_id != old_id && find_user(new_id)) {
        return sdk::fail(error_code::already_in_room, "client is already in a room");
    }
    u->id = new_id;
    u->disconnected = false;
    if (new_id != old_id) {
        for (auto* votes : {&finish_votes_, &restart_votes_}) {
            if (votes->erase(old_id) > 0) votes->insert(new_id);
        }
        for (auto& other : users_) {
            std::replace(other.kick_votes.begin(), other.kick_votes.end(), old_id, new_id);
        }
        for (auto& s : stories_) {
            if (s.owner == old_id) s.owner = new_id;
        }
    }
    request_update(ctx, new_id);
    broadcast_users(ctx);
    return sdk::ok();
}

sdk::status game::on_action(sdk::context& ctx, const sdk::player_id& player, std::string_view type,
                            const sdk::json& data) {
    if (type == "start") {
        start(ctx, player);
    } else if (type == "submit_text") {
        return submit_text(ctx, player, data);
    } else if (type == "vote_finish") {
        vote_finish(ctx, player);
    } else if (type == "vote_restart") {
        vote_restart(ctx, player);
    } else if (type == "vote_kick") {
        vote_kick(ctx, player, data);
    } else if (type == "request_stories") {
        ctx.send(player, "final_stories", final_stories_payload());
    } else if (type == "request_update") {
        request_update(ctx, player);
    }
    // Anything else (game_action included) is ignored without a reply, as in Go.
    return sdk::ok();
}

void game::on_timer(sdk::context& /*ctx*/, std::string_view /*tag*/) {}

sdk::status game::can_add_bot(sdk::context& /*ctx*/) {
    // The Go server refused bots; ours join as users, within maxUsers.
    if (options_.max_users > 0 && static_cast<std::int64_t>(users_.size()) >= options_.max_users) {
        return sdk::fail(error_code::room_full, "Game is full");
    }
    return sdk::ok();
}

// ---- messages ----

void game::start(sdk::context& ctx, const sdk::player_id& player) {
    // Fix: only a user may start (a spectator turned away by maxUsers cannot).
    if (!find_user(player)) return;
    if (status_ != status::waiting) return;
    if (static_cast<std::int64_t>(users_.size()) < options_.min_users) return;
    status_ = status::started;
    finish_votes_.clear();
    restart_votes_.clear();
    broadcast_status(ctx);
}

sdk::status game::submit_text(sdk::context& ctx, const sdk::player_id& player,
                              const sdk::json& data) {
    std::string text;
    if (!parse_string_field(data, "text", text)) return sdk::ok();  // Go ignores it silently
    const auto it =
        std::find_if(users_.begin(), users_.end(), [&](const user& u) { return u.id == player; });
    if (it == users_.end())
        return submit_failure(ctx, player, error_code::not_a_player, "user not found");
    // Fix: the Go server had no status check, so texts could be written before the start and
    // after the end.
    if (status_ == status::waiting) {
        return submit_failure(ctx, player, error_code::invalid_move, "game has not started");
    }
    if (status_ == status::ended)
        return submit_failure(ctx, player, error_code::game_over, "game has ended");

    const auto index = static_cast<std::size_t>(std::distance(users_.begin(), it));
    user& writer = *it;
    std::size_t story_index = 0;
    if (is_story_owner(player)) {
        if (!writer.dequeue(story_index)) {
            return submit_failure(ctx, player, error_code::not_your_turn,
                                  "can't wait - no story to continue");
        }
    } else {
        stories_.push_back(story{player, {}});
        story_index = stories_.size() - 1;
    }
    stories_[story_index].add_text(std::move(text));
    ++writer.written;
    users_[(index + 1) % users_.size()].enqueue(story_index);

    for (const auto& u : users_) {
        if (is_story_owner(u.id)) send_story_update(ctx, u.id);
    }
    broadcast_users(ctx);
    return sdk::ok();
}

void game::vote_finish(sdk::context& ctx, const sdk::player_id& player) {
    if (!find_user(player)) return;
    // Fix: only while started, so the game ends once (and is persisted once).
    if (status_ != status::started) return;
    if (finish_votes_.erase(player) == 0) finish_votes_.insert(player);
    ctx.broadcast("finish_vote_update", votes_payload(finish_votes_));
    if (unanimous(finish_votes_)) end_game(ctx);
}

void game::vote_restart(sdk::context& ctx, const sdk::player_id& player) {
    if (!find_user(player)) return;
    // Fix: not while waiting (nothing to restart); after the end it lets a group play again.
    if (status_ == status::waiting) return;
    if (restart_votes_.erase(player) == 0) restart_votes_.insert(player);
    ctx.broadcast("restart_vote_update", votes_payload(restart_votes_));
    if (unanimous(restart_votes_)) restart(ctx);
}

void game::vote_kick(sdk::context& ctx, const sdk::player_id& player, const sdk::json& data) {
    std::string target_id;
    if (!parse_string_field(data, "kickUserID", target_id)) return;
    user* target = find_user(target_id);
    if (!find_user(player) || !target) return;

    auto& votes = target->kick_votes;
    if (const auto it = std::find(votes.begin(), votes.end(), player); it != votes.end()) {
        votes.erase(it);
    } else {
        votes.push_back(player);
    }
    // More than half of all users (disconnected ones included), as in Go.
    const bool kicked = votes.size() > users_.size() / 2;
    if (kicked) {
        const std::string name = target->name;
        const auto successor = remove_user(target_id);
        ctx.broadcast("user_kicked", sdk::json{{"kickedUser", name}});
        ctx.kick(target_id, std::string(kick_reason));
        if (successor && is_story_owner(*successor)) send_story_update(ctx, *successor);
    }
    broadcast_users(ctx);
    if (kicked) check_votes(ctx);
}

void game::request_update(sdk::context& ctx, const sdk::player_id& player) const {
    broadcast_users(ctx);  // to everyone, as in Go
    ctx.send(player, "game_status", sdk::json{{"status", to_string(status_)}});
    if (status_ == status::ended) {
        ctx.send(player, "final_stories", final_stories_payload());
    } else if (status_ == status::started && is_story_owner(player)) {
        send_story_update(ctx, player);
    }
}

// ---- state changes ----

void game::mark_disconnected(sdk::context& ctx, const sdk::player_id& player) {
    user* u = find_user(player);
    if (!u) return;
    u->disconnected = true;
    broadcast_users(ctx);
    check_votes(ctx);
}

std::optional<std::string> game::remove_user(const sdk::player_id& id) {
    const auto it =
        std::find_if(users_.begin(), users_.end(), [&](const user& u) { return u.id == id; });
    if (it == users_.end()) return std::nullopt;
    const auto index = static_cast<std::size_t>(std::distance(users_.begin(), it));
    user removed = std::move(*it);
    users_.erase(it);
    // The kicked user's votes go with them.
    finish_votes_.erase(id);
    restart_votes_.erase(id);
    for (auto& u : users_) std::erase(u.kick_votes, id);
    // Fix: its queued stories move on to its successor instead of vanishing.
    if (users_.empty() || removed.queue.empty()) return std::nullopt;
    user& successor = users_[index % users_.size()];
    for (const std::size_t story_index : removed.queue) successor.enqueue(story_index);
    return successor.id;
}

bool game::unanimous(const std::set<std::string>& votes) const {
    bool anyone = false;
    for (const auto& u : users_) {
        if (u.disconnected) continue;
        if (!votes.contains(u.id)) return false;
        anyone = true;
    }
    return anyone;
}

void game::check_votes(sdk::context& ctx) {
    if (status_ == status::started && unanimous(finish_votes_)) {
        end_game(ctx);
    } else if (status_ != status::waiting && unanimous(restart_votes_)) {
        restart(ctx);
    }
}

void game::end_game(sdk::context& ctx) {
    status_ = status::ended;
    ctx.broadcast("final_stories", final_stories_payload());
    broadcast_status(ctx);
    for (const auto& s : stories_) {
        ctx.record(story_record_kind, sdk::json{{"text", s.serialize()}, {"author", author_of(s)}});
    }
}

void game::restart(sdk::context& ctx) {
    status_ = status::waiting;
    stories_.clear();
    finish_votes_.clear();
    restart_votes_.clear();
    for (auto& u : users_) u.reset();
    broadcast_users(ctx);
    broadcast_status(ctx);
    // The two shapes the Go server sends here (clients may read them): an object with a null
    // story, and the vote sets as empty objects.
    ctx.broadcast("story_update", sdk::json{{"story", nullptr}});
    ctx.broadcast("finish_vote_update", sdk::json{{"votes", sdk::json::object()}});
    ctx.broadcast("restart_vote_update", sdk::json{{"votes", sdk::json::object()}});
}

// ---- payloads ----

user* game::find_user(const sdk::player_id& id) {
    const auto it =
        std::find_if(users_.begin(), users_.end(), [&](const user& u) { return u.id == id; });
    return it == users_.end() ? nullptr : &*it;
}

const user* game::find_user(const sdk::player_id& id) const {
    const auto it =
        std::find_if(users_.begin(), users_.end(), [&](const user& u) { return u.id == id; });
    return it == users_.end() ? nullptr : &*it;
}

std::string game::author_of(const story& s) const {
    const user* owner = find_user(s.owner);
    return owner ? owner->name : std::string("Unknown");
}

bool game::is_story_owner(const sdk::player_id& player) const {
    return std::any_of(stories_.begin(), stories_.end(),
                       [&](const story& s) { return s.owner == player; });
}

const story* game::current_story(const sdk::player_id& player) const {
    const user* u = find_user(player);
    const std::size_t* front = u ? u->current() : nullptr;
    return front ? &stories_[*front] : nullptr;
}

sdk::json game::story_update_payload(const sdk::player_id& player) const {
    const story* s = current_story(player);
    if (!s) return nullptr;
    return story_dto(s->latest_text(), author_of(*s), s->stats());
}

sdk::json game::users_payload() const {
    sdk::json list = sdk::json::array();
    for (const auto& u : users_) list.push_back(u.dto());
    return sdk::json{{"users", std::move(list)}};
}

sdk::json game::final_stories_payload() const {
    sdk::json list = sdk::json::array();
    for (const auto& s : stories_)
        list.push_back(story_dto(s.serialize(), author_of(s), s.stats()));
    return sdk::json{{"stories", std::move(list)}};
}

void game::send_story_update(sdk::context& ctx, const sdk::player_id& player) const {
    ctx.send(player, "story_update", story_update_payload(player));
}

void game::broadcast_users(sdk::context& ctx) const {
    ctx.broadcast("users_update", users_payload());
}

void game::broadcast_status(sdk::context& ctx) const {
    ctx.broadcast("game_status", sdk::json{{"status", to_string(status_)}});
}

// ---- views and snapshots ----

sdk::json game::view_for(const sdk::player_id& player) const {
    const bool owner = is_story_owner(player);
    const user* self = find_user(player);
    sdk::json finished = sdk::json::array();
    if (status_ == status::ended) finished = final_stories_payload()["stories"];
    return sdk::json{{"status", to_string(status_)},
                     {"users", users_payload()["users"]},
                     {"story", owner ? story_update_payload(player) : sdk::json(nullptr)},
                     {"isStoryOwner", owner},
                     {"written", self ? self->written : 0},
                     {"finishVotes", votes_payload(finish_votes_)["votes"]},
                     {"restartVotes", votes_payload(restart_votes_)["votes"]},
                     {"options", to_json(options_)},
                     {"finalStories", std::move(finished)}};
}

sdk::json game::snapshot() const {
    sdk::json users = sdk::json::array();
    for (const auto& u : users_) {
        sdk::json queue = sdk::json::array();
        for (const std::size_t index : u.queue) queue.push_back(index);
        users.push_back(sdk::json{{"id", u.id},
                                  {"name", u.name},
                                  {"disconnected", u.disconnected},
                                  {"afk", u.afk},
                                  {"kickVotes", u.kick_votes},
                                  {"queue", std::move(queue)},
                                  {"written", u.written}});
    }
    sdk::json stories = sdk::json::array();
    for (const auto& s : stories_) {
        stories.push_back(sdk::json{{"owner", s.owner}, {"parts", s.parts}});
    }
    return sdk::json{{"status", to_string(status_)},
                     {"options", to_json(options_)},
                     {"users", std::move(users)},
                     {"stories", std::move(stories)},
                     {"finishVotes", votes_payload(finish_votes_)["votes"]},
                     {"restartVotes", votes_payload(restart_votes_)["votes"]}};
}

sdk::status game::restore(const sdk::json& snapshot) {
    if (!snapshot.is_object()) return bad_snapshot("not an object");

    const sdk::json* status_json = field(snapshot, "status");
    status restored_status = status::waiting;
    if (!status_json || !status_json->is_string() ||
        !parse_status(status_json->get_ref<const std::string&>(), restored_status)) {
        return bad_snapshot("status");
    }
    room_options restored_options;
    const sdk::json* options_json = field(snapshot, "options");
    if (!options_json || !options_from_json(*options_json, restored_options)) {
        return bad_snapshot("options");
    }

    const sdk::json* stories_json = field(snapshot, "stories");
    if (!stories_json || !stories_json->is_array()) return bad_snapshot("stories");
    std::vector<story> restored_stories;
    for (const auto& entry : *stories_json) {
        const sdk::json* owner = field(entry, "owner");
        story s;
        if (!owner || !owner->is_string() || !read_strings(field(entry, "parts"), s.parts)) {
            return bad_snapshot("story entry");
        }
        s.owner = owner->get<std::string>();
        restored_stories.push_back(std::move(s));
    }

    const sdk::json* users_json = field(snapshot, "users");
    if (!users_json || !users_json->is_array()) return bad_snapshot("users");
    std::vector<user> restored_users;
    std::set<std::string> ids;
    std::vector<bool> queued(restored_stories.size(), false);
    for (const auto& entry : *users_json) {
        const sdk::json* id = field(entry, "id");
        const sdk::json* name = field(entry, "name");
        const sdk::json* disconnected = field(entry, "disconnected");
        const sdk::json* afk = field(entry, "afk");
        const sdk::json* queue = field(entry, "queue");
        const sdk::json* written = field(entry, "written");
        user u;
        if (!id || !id->is_string() || !name || !name->is_string() || !disconnected ||
            !disconnected->is_boolean() || !afk || !afk->is_boolean() || !queue ||
            !queue->is_array() || !written || !read_int(*written, u.written) || u.written < 0 ||
            !read_strings(field(entry, "kickVotes"), u.kick_votes)) {
            return bad_snapshot("user entry");
        }
        u.id = id->get<std::string>();
        u.name = name->get<std::string>();
        u.disconnected = disconnected->get<bool>();
        u.afk = afk->get<bool>();
        if (!ids.insert(u.id).second) return bad_snapshot("duplicate user");
        for (const auto& index_json : *queue) {
            std::int64_t index = 0;
            if (!read_int(index_json, index) || index < 0 ||
                static_cast<std::uint64_t>(index) >= restored_stories.size()) {
                return bad_snapshot("queue entry");
            }
            const auto at = static_cast<std::size_t>(index);
            if (queued[at]) return bad_snapshot("story queued twice");
            queued[at] = true;
            u.queue.push_back(at);
        }
        restored_users.push_back(std::move(u));
    }

    std::vector<std::string> finish;
    std::vector<std::string> restart;
    if (!read_strings(field(snapshot, "finishVotes"), finish) ||
        !read_strings(field(snapshot, "restartVotes"), restart)) {
        return bad_snapshot("votes");
    }

    status_ = restored_status;
    options_ = restored_options;
    stories_ = std::move(restored_stories);
    users_ = std::move(restored_users);
    finish_votes_ = std::set<std::string>(finish.begin(), finish.end());
    restart_votes_ = std::set<std::string>(restart.begin(), restart.end());
    return sdk::ok();
}

}  // namespace gameserver::games::tellit
