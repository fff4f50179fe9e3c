"""社区之家: the directory of shared facilities (importer and browsing)."""
