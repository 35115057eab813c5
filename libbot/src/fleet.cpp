#include "gameserver/bot/fleet.hpp"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>
#include <csignal>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <utility>

#include "bot_session.hpp"
#include "fleet_impl.hpp"

namespace gameserver::bot {

namespace asio = boost::asio;

int group_size(const sdk::game_info& info) {
    int size = std::max(info.min_players, 2);
    if (info.max_players > 0) size = std::min(size, info.max_players);
    return std::max(size, 1);
}

// ---- bot_group ----

std::optional<std::string> bot_group::room_for(int game_no) {
    if (!auto_rooms_) return fleet_.config.room;
    std::lock_guard lock(mutex_);
    if (game_no > game_no_) {
        game_no_ = game_no;
        seated_ = 0;
        room_.reset();
        if (fleet_.claim_ticket()) {
            std::ostringstream name;
            name << fleet_.run_tag << "-" << index_ << "-" << game_no;
            room_ = name.str();
        }
    }
    if (game_no != game_no_) return std::nullopt;
    return room_;
}

void bot_group::seated(int game_no) {
    if (!auto_rooms_) {
        // A named room: people may be there already, so each bot plays as soon as it sits.
        for (auto& m : members) m->post_enable(game_no);  // only the caller's game_no matches
        return;
    }
    bool complete = false;
    {
        std::lock_guard lock(mutex_);
        if (game_no != game_no_) return;
        complete = ++seated_ == static_cast<int>(members.size());
    }
    if (complete) {
        for (auto& m : members) m->post_enable(game_no);
    }
}

void bot_group::finished(int game_no) {
    {
        std::lock_guard lock(mutex_);
        if (counted_game_ >= game_no) return;
        counted_game_ = game_no;
    }
    fleet_.game_finished();
}

void bot_group::saw_over(bool over) {
    {
        std::lock_guard lock(mutex_);
        if (over_ == over) return;
        over_ = over;
    }
    if (over) fleet_.game_finished();
}

bool bot_group::give_up(int game_no, bool counted) {
    {
        std::lock_guard lock(mutex_);
        if (abandoned_game_ >= game_no || counted_game_ >= game_no) return false;
        abandoned_game_ = game_no;
    }
    fleet_.release_ticket();
    if (counted) {
        std::lock_guard lock(fleet_.mutex);
        ++fleet_.summary.abandoned_games;
    }
    return true;
}

void bot_group::member_lost(int game_no) {
    if (!auto_rooms_) return;
    // A game that ended first needs no regroup: its members move on by themselves.
    if (!give_up(game_no, true)) return;
    for (auto& m : members) m->post_regroup(game_no);
}

void bot_group::member_gone(int game_no, bool counted) {
    if (!auto_rooms_) return;
    give_up(game_no, counted);
    {
        std::lock_guard lock(mutex_);
        if (std::exchange(stopped_, true)) return;
    }
    for (auto& m : members) m->post_stop();
}

// ---- fleet_impl ----

fleet_impl::fleet_impl(run_config cfg, const sdk::game_plugin& game_plugin)
    : config(std::move(cfg)),
      plugin(game_plugin),
      strand(asio::make_strand(ioc)),
      duration_timer(strand),
      progress_timer(strand) {
    std::string error;
    auto parsed = parse_ws_url(config.url, &error);
    if (!parsed) throw std::invalid_argument("--url: " + error);
    endpoint = *parsed;
    turn_based = plugin.info().tick_rate_hz == 0;
    think = [range = config.think](std::chrono::milliseconds asked, sdk::rng& random) {
        if (!range) return asked;
        return std::chrono::milliseconds(random.between(range->low.count(), range->high.count()));
    };
    run_tag = config.room_prefix;
    if (run_tag.empty()) {
        // The seed fixes the bots' choices; the tag only keeps two runs with one seed from
        // meeting in the same rooms while the first run's rooms are still open.
        std::random_device device;
        std::ostringstream tag;
        tag << "gamebot-" << config.seed << "-" << std::hex << (device() & 0xffffu);
        run_tag = tag.str();
    }
    summary.game = config.game;
    summary.bots = config.bots;
}

bool fleet_impl::claim_ticket() {
    if (stopping) return false;
    if (config.games <= 0) return true;
    return tickets.fetch_add(1) < config.games;
}

void fleet_impl::release_ticket() {
    if (config.games > 0) --tickets;
}

void fleet_impl::game_finished() {
    const std::int64_t done = ++games;
    // A named room has no tickets: the run ends when enough games were seen.
    if (config.room != "auto" && config.games > 0 && done >= config.games) stop_all();
}

void fleet_impl::count_error(const std::string& code, bool expected) {
    ++errors;
    std::lock_guard lock(mutex);
    ++summary.errors[code];
    if (!expected && !stale_view_codes().contains(code)) ++summary.unexpected_errors;
}

void fleet_impl::count_outcome(const std::string& policy, sdk::seat_outcome outcome) {
    std::lock_guard lock(mutex);
    auto& r = summary.results[policy];
    switch (outcome) {
        case sdk::seat_outcome::win:
            ++r.wins;
            break;
        case sdk::seat_outcome::draw:
            ++r.draws;
            break;
        case sdk::seat_outcome::loss:
            ++r.losses;
            break;
    }
}

void fleet_impl::count_desync(const sdk::json& before, const sdk::json& after,
                              const std::string& reason) {
    std::lock_guard lock(mutex);
    ++summary.desyncs;
    if (summary.desync_samples.size() < run_summary::max_desync_samples) {
        summary.desync_samples.push_back({reason, before, after});
    }
}

void fleet_impl::bot_finished() {
    if (--active <= 0) {
        // Nothing left to run: let the fleet's own timers go so io_context::run() returns.
        asio::post(strand, [this] {
            duration_timer.cancel();
            progress_timer.cancel();
            if (signals) signals->cancel();
        });
    }
}

void fleet_impl::stop_all() {
    if (stopping.exchange(true)) return;
    for (auto& b : bots) b->post_stop();
}

fleet_progress fleet_impl::progress() const {
    return {games.load(),  moves.load(),      connected.load(),
            errors.load(), reconnects.load(), active.load()};
}

void fleet_impl::schedule_progress() {
    progress_timer.expires_after(std::chrono::milliseconds(500));
    progress_timer.async_wait(asio::bind_executor(strand, [this](boost::system::error_code ec) {
        if (ec || active == 0) return;
        if (progress_callback) progress_callback(progress());
        schedule_progress();
    }));
}

// ---- fleet ----

fleet::fleet(run_config config, const sdk::game_plugin& plugin) {
    if (auto error = check(config, plugin)) throw std::invalid_argument(*error);
    impl_ = std::make_unique<fleet_impl>(std::move(config), plugin);
    fleet_impl& f = *impl_;
    const bool auto_rooms = f.config.room == "auto";
    const sdk::game_info& info = plugin.info();

    // Groups: --room auto splits the bots into groups of the game's size; leftovers join groups
    // that still have room (max players), else they sit out.
    std::vector<int> sizes;
    if (auto_rooms) {
        const int size = group_size(info);
        const int count = f.config.bots / size;
        sizes.assign(static_cast<std::size_t>(count), size);
        int left = f.config.bots - count * size;
        for (std::size_t i = 0; left > 0 && i < sizes.size(); ++i) {
            if (info.max_players == 0 || sizes[i] < info.max_players) {
                ++sizes[i];
                --left;
            }
        }
    } else {
        sizes.push_back(f.config.bots);
    }

    sdk::rng seeds(f.config.seed);
    int index = 0;
    for (std::size_t g = 0; g < sizes.size(); ++g) {
        f.groups.push_back(std::make_unique<bot_group>(f, static_cast<int>(g), auto_rooms));
        bot_group& group = *f.groups.back();
        for (int i = 0; i < sizes[g]; ++i, ++index) {
            std::string policy_name;
            if (!f.config.policies.empty()) {
                policy_name =
                    f.config.policies[static_cast<std::size_t>(index) % f.config.policies.size()];
            }
            auto policy = plugin.bot(policy_name);
            if (policy_name.empty()) policy_name = policy->name();
            auto bot = std::make_shared<bot_session>(f, group, index, policy_name,
                                                     std::move(policy), seeds.next_u64());
            group.members.push_back(bot);
            f.bots.push_back(std::move(bot));
        }
    }
}

fleet::~fleet() = default;

std::optional<std::string> fleet::check(const run_config& config, const sdk::game_plugin& plugin) {
    const sdk::game_info& info = plugin.info();
    if (!info.supports_bots) return "game " + info.id + " has no bot policies";
    std::string error;
    if (!parse_ws_url(config.url, &error)) return "--url: " + error;
    if (config.bots < 1) return "--bots must be at least 1";
    if (config.threads < 1) return "--threads must be at least 1";
    if (config.room.empty()) return "--room must be auto or a room name";
    if (config.room == "auto" && config.bots < group_size(info)) {
        return "--room auto needs at least " + std::to_string(group_size(info)) + " bots for " +
               info.id;
    }
    for (const auto& name : config.policies) {
        if (!plugin.bot(name)) {
            std::string known;
            for (const auto& p : plugin.bot_policies()) known += (known.empty() ? "" : ", ") + p;
            return "unknown policy '" + name + "' for " + info.id + " (known: " + known + ")";
        }
    }
    if (config.think && config.think->high < config.think->low) return "--think: high < low";
    return std::nullopt;
}

run_summary fleet::run() {
    fleet_impl& f = *impl_;
    const auto started = std::chrono::steady_clock::now();
    f.active = static_cast<std::int64_t>(f.bots.size());
    if (f.config.duration.count() > 0) {
        f.duration_timer.expires_after(f.config.duration);
        f.duration_timer.async_wait(
            asio::bind_executor(f.strand, [&f](boost::system::error_code ec) {
                if (ec) return;
                f.timed_out = true;
                f.stop_all();
            }));
    }
    if (f.handle_signals) {
        f.signals.emplace(f.strand, SIGINT, SIGTERM);
        f.signals->async_wait([&f](boost::system::error_code ec, int) {
            if (!ec) f.stop_all();
        });
    }
    if (f.progress_callback) f.schedule_progress();
    for (auto& b : f.bots) b->start();
    if (f.bots.empty()) f.bot_finished();

    std::vector<std::thread> threads;
    for (int i = 1; i < f.config.threads; ++i) threads.emplace_back([&f] { f.ioc.run(); });
    f.ioc.run();
    for (auto& t : threads) t.join();

    std::lock_guard lock(f.mutex);
    run_summary out = f.summary;
    out.games = f.games;
    out.moves = f.moves;
    out.connected = f.connected;
    out.timed_out = f.timed_out;
    out.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - started);
    return out;
}

void fleet::stop() {
    impl_->stop_all();
}

fleet_progress fleet::progress() const {
    return impl_->progress();
}

void fleet::on_progress(std::function<void(const fleet_progress&)> callback) {
    impl_->progress_callback = std::move(callback);
}

void fleet::on_latency(latency_callback callback) {
    impl_->latency_callback = std::move(callback);
}

void fleet::handle_signals(bool on) {
    impl_->handle_signals = on;
}

void fleet::drop_connection(int index) {
    if (index < 0 || static_cast<std::size_t>(index) >= impl_->bots.size()) return;
    impl_->bots[static_cast<std::size_t>(index)]->post_drop();
}

}  // namespace gameserver::bot
