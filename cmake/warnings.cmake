# One warnings set for every target; GS_WERROR turns them into errors (CI).
function(gs_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                           -Wold-style-cast -Woverloaded-virtual -Wimplicit-fallthrough)
  if(GS_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
