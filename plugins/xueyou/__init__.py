"""学有优教 (education) domain plugin; lead department 县教育局."""
