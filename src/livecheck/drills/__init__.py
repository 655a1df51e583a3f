"""Onboarding drills: practice scenarios from the playbooks, scored, with progress and
spaced repetition. Core code: no UI imports (the CLI and the TUI front ends call
`DrillService`)."""
