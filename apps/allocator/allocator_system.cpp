#include "allocator.hpp"

namespace gameserver::app {

std::string allocator_description() {
    return "glibc malloc";
}

}  // namespace gameserver::app
