#include "allocator.hpp"

namespace gameserver::app {

std::string allocator_description() {
    return "glibc malloc";
}

// glibc's per-thread caches are small; its malloc_trim(0) walks the whole heap and gave back
// little after a load peak (docs/performance.md), so there is nothing cheap worth doing here.
std::function<void()> thread_cache_release() {
    return {};
}

}  // namespace gameserver::app
