"""The window's part of travel copies (Reisekopien): passphrase, conflict and report dialogs, menu actions."""
