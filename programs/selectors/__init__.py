"""Program reads, scoped: program.py (versions, calendar, adherence; the coach side),
athlete.py (the athlete's sessions), api.py (the token API's reads)."""
