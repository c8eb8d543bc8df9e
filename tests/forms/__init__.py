"""Tests of the assessment package: definitions, rules, readiness, outputs, record schema."""
