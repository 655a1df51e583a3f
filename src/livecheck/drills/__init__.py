"""Onboarding drills: practice scenarios from the playbooks, scored, with progress and
spaced repetition. Core code: no UI imports (the front ends call
`livecheck.services.drills.DrillService`)."""
