"""Writing and localizing playbooks: new skeletons, translations with the library's own
translation memory, source fingerprints and drift, translation status, the glossary and
safe mechanical fixes. Core code: no front end, no Textual."""
