//! Knowledge base. (Being written.)
