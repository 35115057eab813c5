#include "requests.hpp"

namespace gameserver::load {

sdk::json join_data(const std::string& game, const std::string& name, const std::string& room,
                    const sdk::json& options) {
    sdk::json data{{"gameType", game}, {"playerName", name}, {"roomId", room}};
    if (options.is_object()) data["options"] = options;
    return data;
}

std::string join_request(const std::string& game, const std::string& name, const std::string& room,
                         const sdk::json& options) {
    return sdk::json{{"type", "join_room"}, {"data", join_data(game, name, room, options)}}.dump();
}

std::string room_list_request(const std::string& game) {
    return sdk::json{{"type", "get_room_list"}, {"data", {{"gameType", game}}}}.dump();
}

}  // namespace gameserver::load
