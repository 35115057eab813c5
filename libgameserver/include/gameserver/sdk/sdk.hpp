// Everything a game plugin needs, in one include.
#pragma once

#include "gameserver/sdk/context.hpp"
#include "gameserver/sdk/error_code.hpp"
#include "gameserver/sdk/game.hpp"
#include "gameserver/sdk/json.hpp"
#include "gameserver/sdk/rng.hpp"
#include "gameserver/sdk/status.hpp"
