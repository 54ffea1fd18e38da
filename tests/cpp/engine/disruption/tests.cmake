target_sources(engine_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/disruption_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/piecewise_betweenness_test.cpp
)
