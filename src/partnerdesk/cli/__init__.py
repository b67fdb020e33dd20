"""The command line: ``partnerdesk <command>``; without a command it starts the window."""
