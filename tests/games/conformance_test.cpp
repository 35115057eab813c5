// The conformance suite every registered game passes (STYLE.md habit 9). A game opts in by being
// registered in register_all_games (or register_test_game): nothing here names a game. Each test
// binary that compiles this file says which plugins it covers with conformance_plugins().
#include "games/conformance.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <sstream>
#include <string>
#include <vector>

namespace gameserver::games::conformance {
namespace {

using testkit::describe;

constexpr std::uint64_t random_game_seeds = 30;
constexpr std::uint64_t replay_seeds = 5;
constexpr std::uint64_t probe_seeds = 3;
constexpr int max_steps = 300;

std::vector<std::string> plugin_ids() {
    std::vector<std::string> ids;
    for (const auto* plugin : conformance_plugins()) ids.push_back(plugin->info().id);
    return ids;
}

const sdk::game_plugin* find_plugin(const std::string& id) {
    for (const auto* plugin : conformance_plugins()) {
        if (plugin->info().id == id) return plugin;
    }
    return nullptr;
}

// The first difference between two logs, or "" when they are identical.
template <typename T>
std::string first_difference(const std::vector<T>& a, const std::vector<T>& b) {
    const std::size_t common = std::min(a.size(), b.size());
    for (std::size_t i = 0; i < common; ++i) {
        if (!(a[i] == b[i])) {
            std::ostringstream out;
            out << "entry " << i << ": " << a[i] << " vs " << b[i];
            return out.str();
        }
    }
    if (a.size() != b.size()) {
        return "lengths " + std::to_string(a.size()) + " vs " + std::to_string(b.size());
    }
    return {};
}

std::string first_difference(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    const std::size_t common = std::min(a.size(), b.size());
    for (std::size_t i = 0; i < common; ++i) {
        if (a[i] != b[i]) return "entry " + std::to_string(i) + ": " + a[i] + " vs " + b[i];
    }
    if (a.size() != b.size()) {
        return "lengths " + std::to_string(a.size()) + " vs " + std::to_string(b.size());
    }
    return {};
}

class conformance_test : public ::testing::TestWithParam<std::string> {
  protected:
    const sdk::game_plugin& plugin() const {
        const auto* found = find_plugin(GetParam());
        EXPECT_NE(found, nullptr);
        return *found;
    }
};

TEST_P(conformance_test, InfoAndPoliciesAreConsistent) {
    const auto& info = plugin().info();
    EXPECT_EQ(info.id, GetParam());
    EXPECT_FALSE(info.display_name.empty());
    EXPECT_GE(info.min_players, 1);
    EXPECT_TRUE(info.max_players == 0 || info.max_players >= info.min_players);
    EXPECT_GE(info.tick_rate_hz, 0);
    EXPECT_EQ(plugin().bot("__no_such_policy__"), nullptr);
    if (info.supports_bots) {
        EXPECT_NE(plugin().bot({}), nullptr) << "a game with bots needs a default policy";
        EXPECT_FALSE(plugin().bot_policies().empty());
    }
    for (const auto& name : plugin().bot_policies()) {
        const auto policy = plugin().bot(name);
        ASSERT_NE(policy, nullptr) << name;
        EXPECT_EQ(policy->name(), name);
    }
    sdk::rng random(1);
    EXPECT_FALSE(plugin().bot_name(random).empty());
    EXPECT_TRUE(plugin().create() != nullptr);
}

// (a) Seeded games played by the game's own random policy end (when they must), and everything
// the game emits is well-formed JSON.
TEST_P(conformance_test, RandomGamesPlayToTheEnd) {
    for (std::uint64_t seed = 1; seed <= random_game_seeds; ++seed) {
        session s(plugin(), seed);
        s.start();
        s.run(max_steps);
        if (must_finish(plugin())) {
            EXPECT_TRUE(s.game().is_over())
                << "seed " << seed << " after " << s.actions() << " actions";
            EXPECT_GT(s.actions(), 0) << "seed " << seed;
        }
        for (const auto& out : s.harness().history()) {
            EXPECT_FALSE(out.type.empty()) << out;
            EXPECT_FALSE(out.to.empty()) << out;
            if (out.has_data) {
                EXPECT_TRUE(sdk::json::accept(out.data)) << out;
            }
            if (out.type == "error") {
                EXPECT_FALSE(out.error.empty()) << out;
                EXPECT_FALSE(out.code.empty()) << out;
            }
        }
        for (const auto& rec : s.harness().records()) {
            EXPECT_FALSE(rec.kind.empty()) << rec;
            EXPECT_TRUE(sdk::json::accept(rec.data)) << rec;
        }
        for (const auto& player : s.players()) {
            EXPECT_EQ(s.game().view_for(player), s.game().view_for(player)) << "views are pure";
        }
    }
}

// (b) The same seed gives the same game, and the logged inputs alone replayed into a fresh
// instance give the same outbound log, results and statuses, byte for byte.
TEST_P(conformance_test, ReplayIsIdentical) {
    for (std::uint64_t seed = 1; seed <= replay_seeds; ++seed) {
        session first(plugin(), seed);
        first.start();
        first.run(max_steps);

        session second(plugin(), seed);
        second.start();
        second.run(max_steps);
        EXPECT_EQ(first_difference(first.harness().history(), second.harness().history()), "")
            << "seed " << seed;
        EXPECT_EQ(first_difference(first.harness().records(), second.harness().records()), "")
            << "seed " << seed;

        const auto game = plugin().create();
        testkit::harness replay(seed, "conformance-room");
        replay.attach(*game, plugin().info().tick_rate_hz);
        std::vector<std::string> statuses;
        for (const auto& in : first.harness().inputs()) {
            const auto status = replay.apply(in);
            using kind = testkit::input::kind;
            if (in.what == kind::create || in.what == kind::join || in.what == kind::action) {
                statuses.push_back(describe(status));
            }
        }
        EXPECT_EQ(first_difference(first.harness().history(), replay.history()), "")
            << "seed " << seed;
        EXPECT_EQ(first_difference(first.harness().records(), replay.records()), "")
            << "seed " << seed;
        EXPECT_EQ(first_difference(first.statuses(), statuses), "") << "seed " << seed;
        EXPECT_EQ(game->snapshot(), first.game().snapshot()) << "seed " << seed;
    }
}

// (c) Illegal actions (an unknown type from each player, a legal-looking action from a
// stranger) leave every view and the snapshot unchanged; the game may answer with an error.
TEST_P(conformance_test, IllegalActionsChangeNothing) {
    for (std::uint64_t seed = 1; seed <= probe_seeds; ++seed) {
        session s(plugin(), seed);
        s.start();
        auto probe = [&](int step) {
            const auto snapshot = s.game().snapshot().dump();
            const auto views = s.views();
            const bool over = s.game().is_over();
            const bool started = s.game().is_started();
            auto expect_unchanged = [&](const std::string& what) {
                EXPECT_EQ(s.game().snapshot().dump(), snapshot)
                    << what << " (seed " << seed << ", step " << step << ")";
                EXPECT_EQ(first_difference(s.views(), views), "")
                    << what << " (seed " << seed << ", step " << step << ")";
                EXPECT_EQ(s.game().is_over(), over) << what;
                EXPECT_EQ(s.game().is_started(), started) << what;
            };
            for (const auto& player : s.players()) {
                (void)s.harness().act(player, bogus_type, sdk::json{{"x", 1}});
                expect_unchanged("unknown type from " + player);
            }
            (void)s.harness().act(stranger_id, bogus_type, sdk::json{{"x", 1}});
            expect_unchanged("unknown type from a stranger");
            if (const auto action = s.peek_action()) {
                (void)s.harness().act(stranger_id, action->type, action->data);
                expect_unchanged("'" + action->type + "' from a stranger");
            }
        };
        probe(0);
        for (int step = 1; step <= max_steps && !s.game().is_over(); ++step) {
            if (!s.step()) break;
            probe(step);
        }
        probe(-1);
    }
}

// (d) snapshot() -> restore() into a new instance gives identical views (and snapshot), at every
// point of a game; the snapshot goes through its text form, as storage would keep it.
TEST_P(conformance_test, SnapshotRestoresIdenticalViews) {
    for (std::uint64_t seed = 1; seed <= probe_seeds; ++seed) {
        session s(plugin(), seed);
        auto check = [&](int step) {
            const std::string text = s.game().snapshot().dump();
            const auto restored = plugin().create();
            const auto status = restored->restore(sdk::json::parse(text));
            ASSERT_FALSE(status) << describe(status) << " (seed " << seed << ", step " << step
                                 << ")";
            EXPECT_EQ(first_difference(s.views_of(*restored), s.views()), "")
                << "seed " << seed << ", step " << step;
            EXPECT_EQ(restored->snapshot().dump(), text) << "seed " << seed << ", step " << step;
            EXPECT_EQ(restored->is_over(), s.game().is_over());
            EXPECT_EQ(restored->is_started(), s.game().is_started());
        };
        check(-1);  // before anyone joined
        s.start();
        check(0);
        for (int step = 1; step <= max_steps && !s.game().is_over(); ++step) {
            if (!s.step()) break;
            check(step);
        }
        check(max_steps + 1);
    }
}

// restore() of malformed input never throws, and a refused restore leaves the game as it was.
TEST_P(conformance_test, RestoreOfGarbageIsRefusedSafely) {
    session s(plugin(), 1);
    s.start();
    for (int i = 0; i < 3 && !s.game().is_over(); ++i) {
        if (!s.step()) break;
    }
    const sdk::json good = s.game().snapshot();

    std::vector<sdk::json> garbage = {nullptr,
                                      42,
                                      "snapshot",
                                      sdk::json::array(),
                                      sdk::json::object(),
                                      sdk::json::array({good}),
                                      sdk::json{{"__unknown__", true}}};
    if (good.is_object()) {
        for (const auto& [key, value] : good.items()) {
            for (const sdk::json& replacement :
                 {sdk::json(nullptr), sdk::json("x"), sdk::json(-1), sdk::json(1.5),
                  sdk::json::array(), sdk::json::object(), sdk::json::array({nullptr, "x", 7})}) {
                sdk::json mutated = good;
                mutated[key] = replacement;
                garbage.push_back(std::move(mutated));
            }
            sdk::json without = good;
            without.erase(key);
            garbage.push_back(std::move(without));
        }
    }

    for (const auto& bad : garbage) {
        const auto target = plugin().create();
        ASSERT_FALSE(target->restore(good));
        const auto before = target->snapshot().dump();
        sdk::status status;
        EXPECT_NO_THROW(status = target->restore(bad)) << bad.dump();
        if (status) {
            EXPECT_EQ(target->snapshot().dump(), before)
                << "a refused restore changed the game: " << bad.dump();
        }
        EXPECT_NO_THROW((void)target->view_for("p1")) << bad.dump();
    }
}

// What a client would hold after the envelopes the game sent `player` (in history order), folded
// with the plugin's reduce_view: the view the bots decide on.
class client_view {
  public:
    client_view(const sdk::game_plugin& plugin, sdk::player_id player)
        : plugin_(plugin), player_(std::move(player)) {}

    // Folds every envelope addressed to the player since the last call.
    void catch_up(const std::vector<testkit::outbound>& history) {
        for (; next_ < history.size(); ++next_) {
            const auto& out = history[next_];
            if (out.to != player_ && out.to != "*") continue;
            sdk::json envelope{{"type", out.type}, {"success", out.code.empty()}};
            if (out.has_data) envelope["data"] = sdk::json::parse(out.data);
            if (!out.code.empty()) {
                envelope["error"] = out.error;
                envelope["code"] = out.code;
            }
            plugin_.reduce_view(view_, envelope, player_);
            told_ = true;
        }
    }
    const sdk::json& view() const { return view_; }
    // Whether the game sent the player anything yet (a game that never does, like testGame's
    // idle bots, has no client view to compare).
    bool told() const { return told_; }

  private:
    const sdk::game_plugin& plugin_;
    sdk::player_id player_;
    sdk::json view_;
    std::size_t next_ = 0;
    bool told_ = false;
};

// (e) The client side of the state: folding what each player was sent gives the view the game
// holds for it, after every round (so bots over the network see what in-room bots would).
TEST_P(conformance_test, ReducedViewsMatchTheGame) {
    if (!plugin().info().supports_bots) GTEST_SKIP() << "no bots, no client view needed";
    for (std::uint64_t seed = 1; seed <= probe_seeds; ++seed) {
        session s(plugin(), seed);
        s.start();
        std::vector<client_view> clients;
        for (const auto& player : s.players()) clients.emplace_back(plugin(), player);
        for (int step = 0; step <= max_steps && !s.game().is_over(); ++step) {
            if (step > 0 && !s.step()) break;
            for (std::size_t i = 0; i < clients.size(); ++i) {
                clients[i].catch_up(s.harness().history());
                if (!clients[i].told()) continue;
                ASSERT_EQ(clients[i].view(), s.game().view_for(s.players()[i]))
                    << "seed " << seed << ", step " << step << ", " << s.players()[i];
            }
        }
    }
}

// (f) The desync oracle accepts every history a real game produces: consecutive views, and views
// with others skipped in between (a newer state replaces an unsent one on a slow link).
TEST_P(conformance_test, OracleAcceptsRealHistories) {
    for (std::uint64_t seed = 1; seed <= random_game_seeds; ++seed) {
        session s(plugin(), seed);
        s.start();
        std::vector<std::vector<sdk::json>> views(s.players().size());
        auto record = [&] {
            for (std::size_t i = 0; i < views.size(); ++i) {
                views[i].push_back(s.game().view_for(s.players()[i]));
            }
        };
        record();
        for (int step = 1; step <= max_steps && !s.game().is_over(); ++step) {
            if (!s.step()) break;
            record();
        }
        for (std::size_t p = 0; p < views.size(); ++p) {
            const auto& history = views[p];
            for (std::size_t i = 0; i < history.size(); ++i) {
                for (const std::size_t gap : {1, 2, 5}) {
                    if (i + gap >= history.size()) continue;
                    const auto error =
                        plugin().transition_error(history[i], history[i + gap], s.players()[p]);
                    ASSERT_FALSE(error.has_value())
                        << *error << " (seed " << seed << ", " << s.players()[p] << ", view " << i
                        << " to " << i + gap << ")\nbefore: " << history[i].dump()
                        << "\nafter:  " << history[i + gap].dump();
                }
            }
            if (history.size() > 1) {
                EXPECT_FALSE(
                    plugin().transition_error(history.front(), history.back(), s.players()[p]))
                    << "seed " << seed << ", first to last view of " << s.players()[p];
            }
        }
    }
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
    std::string name = info.param;
    for (char& c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    }
    return name;
}

INSTANTIATE_TEST_SUITE_P(AllGames, conformance_test, ::testing::ValuesIn(plugin_ids()), test_name);

}  // namespace
}  // namespace gameserver::games::conformance
