//! Writing JSON the way different producers' encoders do: which characters
//! of a string they escape ([`Escaping`]) and whether they put spaces after
//! `,` and `:` ([`Spacing`]).

use crate::shape::{Escaping, Spacing};

/// Appends `s` as a JSON string literal, quotes included.
pub(crate) fn write_str(out: &mut Vec<u8>, s: &str, esc: Escaping) {
    out.push(b'"');
    write_str_body(out, s, esc);
    out.push(b'"');
}

/// Appends the escaped text of `s` without the quotes.
pub(crate) fn write_str_body(out: &mut Vec<u8>, s: &str, esc: Escaping) {
    let ascii_only = matches!(esc, Escaping::AsciiOnly | Escaping::Slashes);
    for c in s.chars() {
        match c {
            '"' => out.extend_from_slice(b"\\\""),
            '\\' => out.extend_from_slice(b"\\\\"),
            '\n' => out.extend_from_slice(b"\\n"),
            '\r' => out.extend_from_slice(b"\\r"),
            '\t' => out.extend_from_slice(b"\\t"),
            '\u{8}' => out.extend_from_slice(b"\\b"),
            '\u{c}' => out.extend_from_slice(b"\\f"),
            c if (c as u32) < 0x20 => unicode_escape(out, c as u16),
            '/' if esc == Escaping::Slashes => out.extend_from_slice(b"\\/"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' if esc == Escaping::Html => {
                unicode_escape(out, c as u16)
            }
            c if ascii_only && !c.is_ascii() => {
                let mut units = [0u16; 2];
                for &u in c.encode_utf16(&mut units).iter() {
                    unicode_escape(out, u);
                }
            }
            c => {
                let mut b = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
            }
        }
    }
}

/// `\uXXXX` with lowercase hex digits (Python, PHP and Go all write lowercase).
fn unicode_escape(out: &mut Vec<u8>, unit: u16) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.extend_from_slice(b"\\u");
    for shift in [12, 8, 4, 0] {
        out.push(HEX[usize::from((unit >> shift) & 15)]);
    }
}

/// A JSON writer that places commas itself.
pub(crate) struct JsonOut<'a> {
    pub(crate) buf: &'a mut Vec<u8>,
    esc: Escaping,
    spaced: bool,
    /// Nothing written yet in the current object or array.
    first: bool,
    /// A key was written; its value comes next (no comma).
    after_key: bool,
}

impl<'a> JsonOut<'a> {
    pub(crate) fn new(buf: &'a mut Vec<u8>, esc: Escaping, spacing: Spacing) -> JsonOut<'a> {
        JsonOut {
            buf,
            esc,
            spaced: spacing == Spacing::Spaced,
            first: true,
            after_key: false,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.buf.len()
    }

    fn before_value(&mut self) {
        if self.after_key {
            self.after_key = false;
            return;
        }
        if !self.first {
            self.buf
                .extend_from_slice(if self.spaced { b", " } else { b"," });
        }
        self.first = false;
    }

    pub(crate) fn key(&mut self, name: &str) {
        self.before_value();
        write_str(self.buf, name, Escaping::Minimal);
        self.buf
            .extend_from_slice(if self.spaced { b": " } else { b":" });
        self.after_key = true;
    }

    pub(crate) fn begin_object(&mut self) {
        self.before_value();
        self.buf.push(b'{');
        self.first = true;
    }

    pub(crate) fn end_object(&mut self) {
        self.buf.push(b'}');
        self.first = false;
    }

    pub(crate) fn begin_array(&mut self) {
        self.before_value();
        self.buf.push(b'[');
        self.first = true;
    }

    pub(crate) fn end_array(&mut self) {
        self.buf.push(b']');
        self.first = false;
    }

    pub(crate) fn string(&mut self, s: &str) {
        self.before_value();
        write_str(self.buf, s, self.esc);
    }

    pub(crate) fn int(&mut self, n: i64) {
        self.before_value();
        self.buf
            .extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
    }

    /// `value / 10^scale` in decimal (see [`put_decimal`]).
    pub(crate) fn decimal(&mut self, value: i64, scale: u32) {
        self.before_value();
        put_decimal(self.buf, value, scale);
    }

    /// A number or literal written as given.
    pub(crate) fn raw(&mut self, text: &str) {
        self.before_value();
        self.buf.extend_from_slice(text.as_bytes());
    }

    pub(crate) fn boolean(&mut self, b: bool) {
        self.raw(if b { "true" } else { "false" });
    }

    pub(crate) fn member_str(&mut self, name: &str, value: &str) {
        self.key(name);
        self.string(value);
    }

    pub(crate) fn member_int(&mut self, name: &str, value: i64) {
        self.key(name);
        self.int(value);
    }

    pub(crate) fn member_decimal(&mut self, name: &str, value: i64, scale: u32) {
        self.key(name);
        self.decimal(value, scale);
    }
}

/// Writes `value / 10^scale` in decimal, without trailing fraction zeros
/// (but with at least one fraction digit).
pub(crate) fn put_decimal(out: &mut Vec<u8>, value: i64, scale: u32) {
    let div = 10u64.pow(scale);
    if value < 0 {
        out.push(b'-');
    }
    let v = value.unsigned_abs();
    out.extend_from_slice(itoa::Buffer::new().format(v / div).as_bytes());
    out.push(b'.');
    let mut frac = v % div;
    let mut digits = scale;
    while digits > 1 && frac % 10 == 0 {
        frac /= 10;
        digits -= 1;
    }
    let mut buf = itoa::Buffer::new();
    let s = buf.format(frac);
    for _ in s.len()..digits as usize {
        out.push(b'0');
    }
    out.extend_from_slice(s.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn esc(s: &str, e: Escaping) -> String {
        let mut out = Vec::new();
        write_str(&mut out, s, e);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn each_encoder_escapes_its_own_set() {
        let s = "a/b <é> & \"q\" \\ \n😀";
        assert_eq!(
            esc(s, Escaping::Minimal),
            "\"a/b <é> & \\\"q\\\" \\\\ \\n😀\""
        );
        assert_eq!(
            esc(s, Escaping::AsciiOnly),
            "\"a/b <\\u00e9> & \\\"q\\\" \\\\ \\n\\ud83d\\ude00\""
        );
        assert_eq!(
            esc(s, Escaping::Slashes),
            "\"a\\/b <\\u00e9> & \\\"q\\\" \\\\ \\n\\ud83d\\ude00\""
        );
        assert_eq!(
            esc(s, Escaping::Html),
            "\"a/b \\u003cé\\u003e \\u0026 \\\"q\\\" \\\\ \\n😀\""
        );
        assert_eq!(
            esc("\u{0}\u{1f}\u{8}", Escaping::Minimal),
            "\"\\u0000\\u001f\\b\""
        );
        for e in [
            Escaping::Minimal,
            Escaping::AsciiOnly,
            Escaping::Slashes,
            Escaping::Html,
        ] {
            let back: String = serde_json::from_str(&esc(s, e)).unwrap();
            assert_eq!(back, s);
        }
    }

    #[test]
    fn writer_places_commas_and_spaces() {
        let mut buf = Vec::new();
        let mut w = JsonOut::new(&mut buf, Escaping::Minimal, Spacing::Spaced);
        w.begin_object();
        w.member_int("a", 1);
        w.key("b");
        w.begin_array();
        w.int(1);
        w.begin_object();
        w.end_object();
        w.boolean(true);
        w.end_array();
        w.member_decimal("c", -5, 2);
        w.end_object();
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "{\"a\": 1, \"b\": [1, {}, true], \"c\": -0.05}"
        );
    }

    #[test]
    fn decimals() {
        let mut out = Vec::new();
        for (v, s, exp) in [
            (2153, 2, "21.53"),
            (2150, 2, "21.5"),
            (2100, 2, "21.0"),
            (-5, 2, "-0.05"),
            (7, 3, "0.007"),
        ] {
            out.clear();
            put_decimal(&mut out, v, s);
            assert_eq!(out, exp.as_bytes());
        }
    }
}
