"""Satellite imagery: watched sites, co-registration, change detection, measured structures.

Measuring (rasters, coregister, baseline, model, objects, detect) needs no database; the
store is reached only through `catalog`. torch is imported only when the learned model runs.
"""
