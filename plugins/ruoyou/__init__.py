"""弱有众扶 (support for the vulnerable) domain plugin; lead department 县民政局."""
