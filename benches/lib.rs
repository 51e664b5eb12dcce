//! The benchmark harness of cloudevents-codec: criterion benches (`parse`,
//! `write`, `stream`, `bindings`, `shapes`) that measure the library side by
//! side with its peers on the same inputs in the same run, and the fairness
//! test `peers_agree`. `python3 benches/run.py` runs every group in the
//! default and the `-C target-cpu=native` configuration and `report.py`
//! turns the results into BENCHMARKS.md's tables and plots.
//!
//! This library target is empty: the peers are dependencies of this package
//! so that the codec itself never compiles them.
