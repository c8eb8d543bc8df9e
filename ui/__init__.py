"""Desktop face of First Contact: the only package that imports Qt."""
