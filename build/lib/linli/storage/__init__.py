"""Storage: models, repositories, the unit of work and migrations. Imports nothing of ours."""
