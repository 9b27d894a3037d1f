//! Extraction. (Being written.)
