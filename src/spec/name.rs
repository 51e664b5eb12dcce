//! Attribute names (NAME-1..NAME-5).

/// True when `name` is a valid attribute name: one or more ASCII `a-z`/`0-9` (NAME-1, NAME-2).
pub fn is_valid(name: &[u8]) -> bool {
    !name.is_empty() && name.iter().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}
