// gameserverd's command line: flags over GAMESERVER_* variables over --config over the embedded
// defaults. The rules for keys and values live in gameserver/core/config.hpp; this is the glue.
#pragma once

#include <map>
#include <string>

#include "gameserver/core/config.hpp"

namespace gameserver::app {

struct cli_result {
    core::config config;
    bool print_config = false;      // --print-config: the caller prints to_yaml(config), exits 0
    bool enable_test_game = false;  // --enable-test-game: register testGame as well
    int exit_code = -1;  // >= 0: the caller must exit now with this code; help/version/errors
                         // are already printed
};

// Parses argv; `env` is the process environment (name -> value). Never throws for bad input:
// any error is printed to stderr as "gameserverd: <message>" and gives exit_code 2.
cli_result parse_command_line(int argc, const char* const* argv,
                              const std::map<std::string, std::string>& env);

}  // namespace gameserver::app
