//! The HTML reader on any page: no panic, and the extracted text has no markup left in the
//! places the reader promises (title and text are plain strings).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|html: &str| {
    let page = sitrep_io::extract_html(html);
    // The text is what the pipeline then reads: it must analyse without trouble too.
    let _ = sitrep_text::analyze(&page.text);
    if let Some(t) = &page.title {
        assert!(!t.contains('\0') || html.contains('\0'));
    }
});
