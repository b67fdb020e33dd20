"""The "Datenschutz" menu: a person's data on request (Art. 15), restriction (Art. 18), and what
the other privacy work adds (erasure with proof, reviews due, the Art. 30 record)."""
