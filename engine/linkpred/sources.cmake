# engine/linkpred: the sources of this area, added to corridor_engine.
target_sources(corridor_engine PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/local_scores.cpp
  ${CMAKE_CURRENT_LIST_DIR}/top_links.cpp
  ${CMAKE_CURRENT_LIST_DIR}/top_links_per_vertex.cpp
  ${CMAKE_CURRENT_LIST_DIR}/katz_links.cpp
  ${CMAKE_CURRENT_LIST_DIR}/logistic.cpp
)
