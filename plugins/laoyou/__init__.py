"""老有康养 (elderly care) domain plugin; lead department 县民政局."""
