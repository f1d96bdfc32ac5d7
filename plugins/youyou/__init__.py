"""幼有善育 (childcare) domain plugin; lead department 县卫生健康局."""
