//! Parse options and limits.

/// How strictly and how far the parsers go. Every limit has a safe default.
///
/// ```
/// use cloudevents_codec::ParseOptions;
/// let opts = ParseOptions::new().max_depth(64).max_size(1 << 20);
/// assert_eq!(opts.depth_limit(), 64);
/// ```
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseOptions {
    pub(crate) max_depth: usize,
    pub(crate) max_size: usize,
    pub(crate) max_extensions: usize,
    pub(crate) lax_timestamps: bool,
}

/// The deepest nesting [`ParseOptions::max_depth`] accepts.
pub const MAX_DEPTH_LIMIT: usize = 1024;

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions {
            max_depth: 128,
            max_size: 4 << 20,
            max_extensions: 128,
            lax_timestamps: false,
        }
    }
}

impl ParseOptions {
    /// The defaults: depth 128, 4 MiB per event, 128 extensions, strict.
    pub const fn new() -> Self {
        ParseOptions {
            max_depth: 128,
            max_size: 4 << 20,
            max_extensions: 128,
            lax_timestamps: false,
        }
    }

    /// Maximum nesting depth of JSON values (JSON-24); at most 1024.
    #[must_use]
    pub const fn max_depth(mut self, depth: usize) -> Self {
        self.max_depth = if depth > MAX_DEPTH_LIMIT {
            MAX_DEPTH_LIMIT
        } else {
            depth
        };
        self
    }

    /// Maximum size of one event's encoded form in bytes (CORE-16).
    #[must_use]
    pub const fn max_size(mut self, bytes: usize) -> Self {
        self.max_size = bytes;
        self
    }

    /// Maximum number of extension attributes per event.
    #[must_use]
    pub const fn max_extensions(mut self, n: usize) -> Self {
        self.max_extensions = n;
        self
    }

    /// Lax mode for broken producers: accept any string as `time` (it is then
    /// not validated as RFC 3339). Strict by default.
    #[must_use]
    pub const fn lax_timestamps(mut self, lax: bool) -> Self {
        self.lax_timestamps = lax;
        self
    }

    /// The configured depth limit.
    pub const fn depth_limit(&self) -> usize {
        self.max_depth
    }

    /// The configured size limit.
    pub const fn size_limit(&self) -> usize {
        self.max_size
    }

    /// The configured extension limit.
    pub const fn extension_limit(&self) -> usize {
        self.max_extensions
    }
}
