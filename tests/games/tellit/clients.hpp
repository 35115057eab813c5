// Test helper: the clients of a tellit room on the harness, each folding the envelopes addressed
// to it with the plugin's reducer (client_view.hpp), as gamebot does over the network.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "games/harness.hpp"
#include "tellit/client_view.hpp"
#include "tellit/oracle.hpp"

namespace gameserver::games::tellit::test_clients {

// What the socket would carry for one recorded message.
inline sdk::json envelope_of(const testkit::outbound& out) {
    sdk::json envelope{{"type", out.type}, {"success", out.code.empty()}};
    if (out.has_data) envelope["data"] = sdk::json::parse(out.data);
    if (!out.code.empty()) {
        envelope["error"] = out.error;
        envelope["code"] = out.code;
    }
    return envelope;
}

struct client {
    client(sdk::player_id who, std::size_t from) : id(std::move(who)), next(from) {}

    sdk::player_id id;
    sdk::json view;         // starts as null, like a fresh connection
    std::size_t next = 0;   // the first history entry not looked at yet
    bool listening = true;  // false while disconnected and after a kick
    // What the oracle said about each folded view against the one before, as the bot runner
    // asks it (after every envelope that changed the view).
    std::vector<std::string> desyncs;

    // Folds what was addressed to this client since the last call (nothing while not listening).
    void catch_up(const std::vector<testkit::outbound>& history) {
        for (; next < history.size(); ++next) {
            if (!listening || history[next].to != id) continue;
            const sdk::json before = view;
            if (!reduce_view(view, envelope_of(history[next]), id) || before.is_null()) continue;
            if (auto error = transition_error(before, view, id)) {
                desyncs.push_back(*error + " (after " + history[next].type +
                                  ")\nbefore: " + before.dump() + "\nafter:  " + view.dump());
            }
        }
    }
};

}  // namespace gameserver::games::tellit::test_clients
