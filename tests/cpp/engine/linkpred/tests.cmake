target_sources(engine_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/local_scores_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/top_links_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/top_links_per_vertex_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/katz_links_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/logistic_test.cpp
)
