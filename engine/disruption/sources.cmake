# engine/disruption: the sources of this area, added to corridor_engine.
target_sources(corridor_engine PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/fragmentation.cpp
  ${CMAKE_CURRENT_LIST_DIR}/disrupt.cpp
  ${CMAKE_CURRENT_LIST_DIR}/piecewise_betweenness.cpp
  ${CMAKE_CURRENT_LIST_DIR}/key_player_set.cpp
)
