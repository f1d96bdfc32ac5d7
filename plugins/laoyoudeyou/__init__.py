"""劳有所得 (employment and income) domain plugin; lead department 县人力社保局."""
