# GS_ALLOCATOR: the malloc gameserverd and gameload run on (gs_allocator, apps/allocator/).
#   jemalloc (default): Debian's libjemalloc. A background thread hands pages unused for a
#     second back to the system, where glibc's malloc kept a server's peak heap after the load
#     left (docs/performance.md has the measurements); it also costs less CPU per message.
#   system: glibc's malloc.
# Sanitizer builds always use the system allocator: the sanitizers bring their own malloc.
set(GS_ALLOCATOR "jemalloc" CACHE STRING "malloc of gameserverd and gameload: jemalloc or system")
set_property(CACHE GS_ALLOCATOR PROPERTY STRINGS jemalloc system)
if(NOT GS_SANITIZE STREQUAL "")
  set(GS_ALLOCATOR_USED "system")
elseif(GS_ALLOCATOR STREQUAL "jemalloc" OR GS_ALLOCATOR STREQUAL "system")
  set(GS_ALLOCATOR_USED "${GS_ALLOCATOR}")
else()
  message(FATAL_ERROR "GS_ALLOCATOR must be jemalloc or system (got '${GS_ALLOCATOR}')")
endif()
if(GS_ALLOCATOR_USED STREQUAL "jemalloc")
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(JEMALLOC REQUIRED IMPORTED_TARGET jemalloc)
endif()
