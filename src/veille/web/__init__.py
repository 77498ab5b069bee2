"""The analyst workspace: a server-rendered web application over the store (`veille serve`)."""
