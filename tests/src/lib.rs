//! Helpers for the black-box suites.
