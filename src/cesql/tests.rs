//! CESQL tests.
