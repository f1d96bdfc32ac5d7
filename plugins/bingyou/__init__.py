"""病有良医 (healthcare) domain plugin; lead department 县卫生健康局."""
