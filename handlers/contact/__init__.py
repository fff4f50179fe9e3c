"""联系居委会: how residents reach their community's office, kept by its staff."""
