target_sources(engine_tests PRIVATE
)
