""" "Who can see what": one page listing everyone who can see anything of a person's right now,
each access with its own button to end it, and the safety reset beside them.

Only the person's own facts are read (:mod:`.selectors`); every button calls the service the
app that owns the access already has (:mod:`.services` adds only what no app offered: signing
out one other session, and unsharing one check-in). The page is the person's own: there is no
way to name anyone else's, and every object posted back is looked up among the person's own.
"""
