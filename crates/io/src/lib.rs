//! Document readers and record writers. (Being written.)
