// gamebot's command line (CLI11): flags -> bot::run_config.
#pragma once

#include <optional>
#include <string>

#include "gameserver/bot/run_config.hpp"

namespace gameserver::app {

struct gamebot_options {
    bot::run_config run;
    bool json = false;
    bool list_games = false;
    std::string preset;           // --preset FILE: the fleets come from the file
    bool url_given = false;       // --url on the command line wins over a preset's
    bool duration_given = false;  // so does --duration
};

// The parsed options, or nullopt after printing help (exit_code 0) or a usage error (2).
std::optional<gamebot_options> parse_gamebot_args(int argc, char** argv, int& exit_code);

}  // namespace gameserver::app
