//! Keeping freed memory for reuse between `handbook serve`'s rebuilds. The binary allocates with
//! mimalloc, which hands memory that stays free for a second back to the system; a rebuild then
//! takes it again, page fault by page fault, and every hand-back interrupts the other cores (a TLB
//! shootdown, costly in a virtual machine). A title edit on a 1,000-page site spent a third of
//! its rebuild on that. Once a whole build has been made and rebuilds are incremental, freed
//! memory is kept: the process stays at the size of its largest build, which it reaches anyway
//! when a whole build runs again.

// The allocator's C library, linked in whether or not the program allocates with it.
extern crate mimalloc;

use std::ffi::{c_int, c_long};

extern "C" {
    fn mi_version() -> c_int;
    fn mi_option_set(option: c_int, value: c_long);
}

/// `mi_option_purge_delay` in mimalloc 2 and 3 (`mimalloc.h`): how long free memory is kept before
/// it is handed back, in milliseconds; -1 for never.
const PURGE_DELAY: c_int = 15;

/// From now on, the allocator keeps freed memory for reuse.
pub fn keep_freed_memory() {
    // SAFETY: both functions are part of mimalloc's public C API, take and return plain integers,
    // and only touch the allocator's options. The option's number is that of the versions checked.
    unsafe {
        // Versions are major, minor and patch in two digits each: 30302 is 3.3.2.
        if (20000..40000).contains(&mi_version()) {
            mi_option_set(PURGE_DELAY, -1);
        }
    }
}
