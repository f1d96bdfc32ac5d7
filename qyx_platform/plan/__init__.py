"""Plan data: reading a domain's ``plan.toml`` (:mod:`~qyx_platform.plan.toml`), the rules
that check reported values (:mod:`~qyx_platform.plan.rules`) and assembling the catalogue
from the plugins' answers (:mod:`~qyx_platform.plan.catalogue`). Nothing here touches the
database or the GraphQL layer."""
