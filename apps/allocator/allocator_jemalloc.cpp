#include <jemalloc/jemalloc.h>

#include "allocator.hpp"

// jemalloc reads this at its first allocation; the MALLOC_CONF environment variable still
// overrides any of it. A background thread purges dirty pages (freed, not yet returned) a
// second after they were last used, straight back to the system (no muzzy stage), so a
// server's heap shrinks after a load peak without the event loops paying for the madvise calls.
extern "C" {
// NOLINTNEXTLINE: the name and type are jemalloc's interface
const char* malloc_conf = "background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0";
}

namespace gameserver::app {

std::string allocator_description() {
    const char* version = "?";
    std::size_t size = sizeof(version);
    mallctl("version", &version, &size, nullptr, 0);
    bool background = false;
    size = sizeof(background);
    mallctl("background_thread", &background, &size, nullptr, 0);
    return std::string("jemalloc ") + version +
           (background ? " (background purge)" : " (no background purge)");
}

}  // namespace gameserver::app
