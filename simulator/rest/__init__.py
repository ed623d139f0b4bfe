"""The simulated line-of-business REST user service (Flask) over the shared user store."""
