//! STUB (replaced by the spec-validators work): TYPE-4 string characters.

/// Checks that `s` holds only characters allowed in a CloudEvents String
/// (TYPE-4). On failure returns the byte offset of the first bad character.
pub fn check_str(s: &str) -> Result<(), usize> {
    match s.char_indices().find(|(_, c)| !is_allowed(*c)) {
        Some((i, _)) => Err(i),
        None => Ok(()),
    }
}

/// True when `c` may appear in a CloudEvents String (TYPE-4).
pub fn is_allowed(c: char) -> bool {
    let u = c as u32;
    !(u < 0x20 || (0x7f..=0x9f).contains(&u) || (0xfdd0..=0xfdef).contains(&u) || (u & 0xfffe) == 0xfffe)
}
