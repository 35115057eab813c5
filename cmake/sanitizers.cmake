# GS_SANITIZE=address (ASan+UBSan) or thread (TSan), applied to every target of the build.
set(GS_SANITIZE "" CACHE STRING "Sanitizer build: empty, address or thread")
if(GS_SANITIZE STREQUAL "address")
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
elseif(GS_SANITIZE STREQUAL "thread")
  # -Wno-tsan: GCC warns that Asio's atomic_thread_fence is not modelled by TSan (harmless here:
  # Asio pairs it with atomics TSan does see).
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer -Wno-tsan)
  add_link_options(-fsanitize=thread)
elseif(NOT GS_SANITIZE STREQUAL "")
  message(FATAL_ERROR "GS_SANITIZE must be empty, address or thread (got '${GS_SANITIZE}')")
endif()
