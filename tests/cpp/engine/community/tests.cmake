target_sources(engine_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/components_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/leiden_louvain_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/modularity_test.cpp
)
