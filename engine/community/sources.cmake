# engine/community: the sources of this area, added to corridor_engine.
target_sources(corridor_engine PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/components.cpp
  ${CMAKE_CURRENT_LIST_DIR}/label_propagation.cpp
  ${CMAKE_CURRENT_LIST_DIR}/leiden.cpp
  ${CMAKE_CURRENT_LIST_DIR}/louvain.cpp
  ${CMAKE_CURRENT_LIST_DIR}/modularity.cpp
)
