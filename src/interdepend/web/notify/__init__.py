"""Push notifications: who is due one, and sending it (``interdepend push``).

The subscriptions, choices and words live with the account (:mod:`interdepend.web.accounts.push`);
this package reads what every feature says is waiting, so it sits above them all.
"""
