"""Ways in and out of PartnerDesk: the full JSON archive, spreadsheets, IATI, calendars."""
