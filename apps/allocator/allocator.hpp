// The memory allocator this program was linked with (cmake/allocator.cmake), for its start-up
// log line.
#pragma once

#include <functional>
#include <string>

namespace gameserver::app {

// "jemalloc 5.3.0-0-g54eaed1d8b56b1aa528be3bdd1877e59c56fa90c (background purge)", or
// "glibc malloc".
std::string allocator_description();

// What hands back the memory the allocator caches for the calling thread (the server runs it on
// each event loop: net::server::set_thread_cache_release); empty when there is nothing to do.
std::function<void()> thread_cache_release();

}  // namespace gameserver::app
