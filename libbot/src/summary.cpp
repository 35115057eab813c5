#include "gameserver/bot/summary.hpp"

#include <sstream>

namespace gameserver::bot {

sdk::json run_summary::to_json() const {
    sdk::json results_json = sdk::json::object();
    for (const auto& [policy, r] : results) {
        results_json[policy] = {{"wins", r.wins}, {"draws", r.draws}, {"losses", r.losses}};
    }
    sdk::json errors_json = sdk::json::object();
    for (const auto& [code, n] : errors) errors_json[code] = n;
    sdk::json samples = sdk::json::array();
    for (const auto& d : desync_samples) {
        samples.push_back({{"reason", d.reason}, {"before", d.before}, {"after", d.after}});
    }
    return {{"game", game},
            {"bots", bots},
            {"games", games},
            {"moves", moves},
            {"results", std::move(results_json)},
            {"errors", std::move(errors_json)},
            {"unexpectedErrors", unexpected_errors},
            {"badFrames", bad_frames},
            {"policyExceptions", policy_exceptions},
            {"desyncs", desyncs},
            {"desyncSamples", std::move(samples)},
            {"abandonedGames", abandoned_games},
            {"unansweredActions", unanswered_actions},
            {"reconnects", reconnects},
            {"reconnectFailures", reconnect_failures},
            {"gamesEndedAway", games_ended_away},
            {"gaveUp", gave_up},
            {"connected", connected},
            {"elapsedMs", elapsed.count()},
            {"timedOut", timed_out}};
}

std::string run_summary::to_text() const {
    std::ostringstream out;
    out << game << ": " << games << " games by " << bots << " bots in " << elapsed.count()
        << " ms, " << moves << " moves\n";
    for (const auto& [policy, r] : results) {
        out << "  " << policy << ": " << r.wins << " wins, " << r.draws << " draws, " << r.losses
            << " losses\n";
    }
    out << "  errors:";
    if (errors.empty()) out << " none";
    for (const auto& [code, n] : errors) out << " " << code << "=" << n;
    out << " (unexpected: " << unexpected_errors << ")\n";
    out << "  desyncs: " << desyncs;
    for (const auto& d : desync_samples) out << " [" << d.reason << "]";
    out << ", abandoned games: " << abandoned_games
        << ", unanswered actions: " << unanswered_actions << "\n";
    out << "  reconnects: " << reconnects << ", refused: " << reconnect_failures
        << ", game over meanwhile: " << games_ended_away << ", gave up: " << gave_up
        << ", connected: " << connected << "/" << bots << "\n";
    return out.str();
}

}  // namespace gameserver::bot
