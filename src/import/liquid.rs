//! Liquid tags (filled in by a later commit).
