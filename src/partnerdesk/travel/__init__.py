"""Travel copies (Reisekopien): check-out, opening, diff and merge, without Qt.

``travelfile``: the ``.pdtravel`` file (a whole database + base snapshot), check-out
and opening; ``three_way``: the field-by-field merge of one record; ``plan``: what a
merge would do (changes, conflicts, likely duplicates); ``apply``: doing it atomically
with a backup and a kept report; ``report``: the merge report.
"""
