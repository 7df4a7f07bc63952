//! The allocator's one setting: how long mimalloc keeps freed memory before handing it back to
//! the system (its purge delay). With the default (10 ms) a build hands back memory that its next
//! pages allocate again at once, and the kernel zeroes every page of it anew: on 10,000 pages a
//! quarter of the processor time. So a build or check keeps freed memory until it exits (its peak
//! is the same), and `serve` keeps it for a second, so that an idle server gives it back.
//!
//! Between two saves more than a second passes, so every incremental rebuild of `serve` took its
//! memory back from the system, page fault by page fault: for a title edit, 120–190 page faults
//! and 6–9 ms of a 60 ms rebuild on 1,000 pages, 1,200 faults and 35 ms of 190 ms on 10,000. So
//! once a whole build is done and served, the first incremental rebuild hands back everything free
//! at that moment (what the whole build used for a while, and the previous build it replaced), on
//! every thread, and from then on freed memory is kept for the next rebuild ([`Keeper`]). The
//! process stays at the size of its incremental rebuilds, not of its whole builds. When the next
//! whole build replaces this state, the setting is put back.
//!
//! Transparent huge pages are turned off for the process: the kernel zeroes a whole 2 MiB page at
//! its first touch, however little of it is then used, and mimalloc's regions are touched sparsely
//! at first. A 10,000-page build zeroed 3.1 GB for a peak of 1.5 GB, and with 4 KiB pages took 13%
//! less time (median of 7 paired runs; `scripts/compare-builds.sh`). 1,000 pages are unaffected.
//!
//! `MIMALLOC_PURGE_DELAY` and `MIMALLOC_ALLOW_THP`, when set in the environment, win (for
//! measuring).

use libmimalloc_sys::{mi_collect, mi_option_get, mi_option_set, mi_option_t};
use std::ffi::c_long;

/// `mi_option_purge_delay` in mimalloc.h (v3, as vendored by libmimalloc-sys 0.1.49): how long
/// freed memory stays mapped before it is returned to the system, in milliseconds; -1 for never.
const PURGE_DELAY: mi_option_t = 15;

/// Whether the environment sets the delay itself.
fn set_by_environment() -> bool {
    std::env::var_os("MIMALLOC_PURGE_DELAY").is_some()
}

/// `mi_option_allow_thp` in mimalloc.h (v3): whether mimalloc asks for transparent huge pages.
const ALLOW_THP: mi_option_t = 43;

/// At start-up: keep freed memory until exit, or for a second in a `long_running` process; no
/// transparent huge pages.
pub fn tune(long_running: bool) {
    if !set_by_environment() {
        // SAFETY: sets a plain integer option of the allocator.
        unsafe { mi_option_set(PURGE_DELAY, if long_running { 1000 } else { -1 }) };
    }
    if std::env::var_os("MIMALLOC_ALLOW_THP").is_none() {
        // SAFETY: sets an integer option of the allocator (its later mappings are not advised as
        // huge), and a flag of this process that the kernel reads at each page fault (memory
        // mapped before, such as mimalloc's first arena, is not given huge pages either).
        unsafe {
            mi_option_set(ALLOW_THP, 0);
            #[cfg(target_os = "linux")]
            libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
        }
    }
}

/// Whether freed memory is kept for this build's rebuilds, and the setting it replaced.
#[derive(Debug, Default)]
pub struct Keeper {
    replaced: Option<c_long>,
}

impl Keeper {
    /// Before an incremental rebuild: the first one hands back what is free and keeps freed
    /// memory from then on.
    pub fn keep(&mut self) {
        if self.replaced.is_some() || set_by_environment() {
            return;
        }
        // SAFETY: plain calls into the allocator's C API: collecting a thread's free memory and
        // reading and setting an integer option.
        unsafe {
            rayon::broadcast(|_| mi_collect(true));
            mi_collect(true);
            self.replaced = Some(mi_option_get(PURGE_DELAY));
            mi_option_set(PURGE_DELAY, -1);
        }
    }
}

impl Drop for Keeper {
    /// The build this kept memory for is replaced (by a whole build): the setting is put back.
    fn drop(&mut self) {
        if let Some(delay) = self.replaced {
            // SAFETY: as in `keep`.
            unsafe { mi_option_set(PURGE_DELAY, delay) };
        }
    }
}
