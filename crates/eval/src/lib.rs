//! Scoring. (Being written.)
