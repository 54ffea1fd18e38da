# engine/linkpred: the sources of this area, added to corridor_engine.
target_sources(corridor_engine PRIVATE
)
