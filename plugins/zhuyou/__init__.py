"""住有宜居 (decent housing) domain plugin; lead department 县住建局."""
