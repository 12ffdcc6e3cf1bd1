"""The visitors' capabilities, one module each: every state change lives here, none speaks HTTP."""
