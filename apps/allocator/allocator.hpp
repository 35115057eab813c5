// The memory allocator this program was linked with (cmake/allocator.cmake), for its start-up
// log line.
#pragma once

#include <string>

namespace gameserver::app {

// "jemalloc 5.3.0-0-g54eaed1d8b56b1aa528be3bdd1877e59c56fa90c (background purge)", or
// "glibc malloc".
std::string allocator_description();

}  // namespace gameserver::app
