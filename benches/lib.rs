//! The benchmark harness of cloudevents-codec: criterion benches (`parse`,
//! `write`, `stream`, `bindings`) that measure the library side by side with
//! its peers on the same inputs in the same run. Run them with
//! `cargo bench -p cloudevents-codec-benches`; `report.py` turns the results
//! into BENCHMARKS.md's tables.
//!
//! This library target is empty: the peers are dependencies of this package
//! so that the codec itself never compiles them.
