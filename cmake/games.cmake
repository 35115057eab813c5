# gs_add_game(name SOURCES ...): a game plugin links only the SDK (games are pure rules engines).
function(gs_add_game name)
  cmake_parse_arguments(GAME "" "" "SOURCES" ${ARGN})
  add_library(gs_game_${name} STATIC ${GAME_SOURCES})
  target_link_libraries(gs_game_${name} PUBLIC gs_sdk)
  target_include_directories(gs_game_${name} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/..)
  gs_set_warnings(gs_game_${name})
endfunction()
