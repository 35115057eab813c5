// gamebot preset files: a YAML mix of games and policies, one fleet per entry, all run at once
// (configs/bots/*.yaml; the format is in docs/gamebot.md). A bad file is refused with a message
// naming the key, e.g. "fleets[1].bots: expected a whole number from 1 to 100000".
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "gameserver/bot/run_config.hpp"

namespace gameserver::bot {

struct preset_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The fleets of a preset. `defaults` fills what neither the file's top level nor the entry says
// (url, seed...). Fleet i without its own seed gets the top-level seed + i, so no two fleets
// share bot engines. Throws preset_error.
std::vector<run_config> parse_preset(const std::string& yaml_text, const run_config& defaults);
std::vector<run_config> load_preset(const std::string& path, const run_config& defaults);

}  // namespace gameserver::bot
