"""Corridor: the software a structured labour-migration programme runs on."""
