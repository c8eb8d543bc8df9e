"""Key derivation, key slots, signing, recipients, fingerprints: the only crypto importer."""
