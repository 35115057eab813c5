#include "gameserver/core/telemetry.hpp"

namespace gameserver::core {

telemetry& null_telemetry() {
    static telemetry none;
    return none;
}

}  // namespace gameserver::core
