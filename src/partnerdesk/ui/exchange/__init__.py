"""The exchange area in the window: import assistant and export actions."""
