//! Parse options and limits.

/// How strictly and how far the readers go. Every limit has a safe default.
///
/// Setters are named `with_*` and return the changed options (they are
/// `const`, so options can be constants); getters carry the plain name.
///
/// ```
/// use cloudevents_codec::ParseOptions;
/// const OPTIONS: ParseOptions = ParseOptions::new().with_max_depth(64).with_max_size(1 << 20);
/// assert_eq!(OPTIONS.max_depth(), 64);
/// assert_eq!(OPTIONS.max_size(), 1 << 20);
/// assert!(!OPTIONS.strict_uris());
/// ```
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseOptions {
    pub(crate) max_depth: usize,
    pub(crate) max_size: usize,
    pub(crate) max_extensions: usize,
    pub(crate) lax_timestamps: bool,
    pub(crate) strict_uris: bool,
}

impl Default for ParseOptions {
    fn default() -> Self {
        Self::new()
    }
}

impl ParseOptions {
    /// The deepest nesting [`with_max_depth`](Self::with_max_depth) accepts.
    pub const MAX_DEPTH_LIMIT: usize = 1024;

    /// The defaults: JSON nesting depth 128, 4 MiB per event, 128
    /// extensions, strict timestamps, IRIs accepted in URI attributes.
    pub const fn new() -> Self {
        ParseOptions {
            max_depth: 128,
            max_size: 4 << 20,
            max_extensions: 128,
            lax_timestamps: false,
            strict_uris: false,
        }
    }

    /// Sets the maximum nesting depth of JSON values (JSON-24), capped at
    /// [`MAX_DEPTH_LIMIT`](Self::MAX_DEPTH_LIMIT).
    #[must_use]
    pub const fn with_max_depth(mut self, depth: usize) -> Self {
        self.max_depth = if depth > Self::MAX_DEPTH_LIMIT {
            Self::MAX_DEPTH_LIMIT
        } else {
            depth
        };
        self
    }

    /// Sets the maximum size of one event's encoded form in bytes (CORE-16).
    #[must_use]
    pub const fn with_max_size(mut self, bytes: usize) -> Self {
        self.max_size = bytes;
        self
    }

    /// Sets the maximum number of extension attributes per event.
    #[must_use]
    pub const fn with_max_extensions(mut self, n: usize) -> Self {
        self.max_extensions = n;
        self
    }

    /// Lax mode for broken producers: accept any string as `time` (it is then
    /// not validated as RFC 3339, and [`Event::timestamp`](crate::Event::timestamp)
    /// may be `None`). Strict by default.
    #[must_use]
    pub const fn with_lax_timestamps(mut self, lax: bool) -> Self {
        self.lax_timestamps = lax;
        self
    }

    /// Strict RFC 3986 for URI and URI-reference attributes (`source`,
    /// `dataschema`, 0.3 `schemaurl`): ASCII only. Off by default: RFC 3987
    /// IRIs are accepted, so `"source":"/événements"` is valid (TYPE-7a).
    #[must_use]
    pub const fn with_strict_uris(mut self, strict: bool) -> Self {
        self.strict_uris = strict;
        self
    }

    /// The maximum nesting depth of JSON values.
    pub const fn max_depth(&self) -> usize {
        self.max_depth
    }

    /// The maximum size of one event in bytes.
    pub const fn max_size(&self) -> usize {
        self.max_size
    }

    /// The maximum number of extensions per event.
    pub const fn max_extensions(&self) -> usize {
        self.max_extensions
    }

    /// True when `time` is not validated.
    pub const fn lax_timestamps(&self) -> bool {
        self.lax_timestamps
    }

    /// True when URI attributes must be ASCII-only RFC 3986.
    pub const fn strict_uris(&self) -> bool {
        self.strict_uris
    }
}
