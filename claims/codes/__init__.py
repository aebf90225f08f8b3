"""Reference code sets (CARC, RARC, ICD-10-CM, HCPCS Level II): loading, lookups, and the
categories that turn a CARC into what it means for the clinic."""
