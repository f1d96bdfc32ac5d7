"""The seven 七优享 domain plugins of the Qingyuan plan (import name ``qyx_plugins``)."""
