"""The exhibitors area's capabilities, one module each: every state change, no HTTP."""
