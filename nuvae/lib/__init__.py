"""Code with no models that imports no Nuvae app (the import-boundary check enforces it)."""
