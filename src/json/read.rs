//! The structured-JSON parser (in progress).
use crate::{Error, ErrorKind, Event, ParseOptions};

impl<'a> Event<'a> {
    /// Parses one structured-mode JSON event with the default options.
    ///
    /// # Errors
    /// Any rule of SPEC CORE/JSON/V03 broken, with its kind and offset.
    pub fn from_json(input: &'a [u8]) -> Result<Event<'a>, Error> {
        Self::from_json_with(input, &ParseOptions::new())
    }

    /// Parses one structured-mode JSON event with `options`.
    ///
    /// # Errors
    /// Any rule of SPEC CORE/JSON/V03 broken, with its kind and offset.
    pub fn from_json_with(input: &'a [u8], options: &ParseOptions) -> Result<Event<'a>, Error> {
        let _ = (input, options);
        Err(Error::new(ErrorKind::Syntax, "not implemented"))
    }
}
