//! The memory and time a template render may use. A template from a cloned repository can
//! double a string forty times in forty instructions, so fuel (which counts instructions) does
//! not bound memory; nor can minijinja's own operators (`~`, `*`, `indent`) be given limits.
//! Instead the process allocator counts what the rendering thread holds while a render runs,
//! and checks the clock on every allocation. A render over its budget cannot be unwound from
//! inside the allocator (Rust aborts on a failed allocation), so it ends the process with the
//! same message and exit code an [`Error::Template`] would have: a clear error, not an abort.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::{Cell, RefCell};
use std::time::{Duration, Instant};

use crate::error::{Error, Location};

/// Memory a render may hold at once: ample for any summary, far below what hurts a CI runner.
pub const MEMORY_LIMIT: usize = 256 * 1024 * 1024;
/// Time a render may take; an honest template takes milliseconds.
pub const TIME_LIMIT: Duration = Duration::from_secs(5);

/// The process allocator: the system's, counting for a thread inside [`Budget::enter`].
pub struct Counting;

#[global_allocator]
static ALLOCATOR: Counting = Counting;

thread_local! {
    // `const` and without destructors: reading them allocates nothing, as an allocator must.
    static ACTIVE: Cell<bool> = const { Cell::new(false) };
    static HELD: Cell<usize> = const { Cell::new(0) };
    static DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
    // Only read after counting stops, so its lazy set-up never runs inside the allocator.
    static ORIGIN: RefCell<String> = const { RefCell::new(String::new()) };
}

// SAFETY: every call is passed to `System` unchanged; the bookkeeping touches only
// thread-local cells.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        charge(layout.size());
        // SAFETY: the caller's contract is System's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        charge(layout.size());
        // SAFETY: as above.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        refund(layout.size());
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            charge(new_size - layout.size());
        } else {
            refund(layout.size() - new_size);
        }
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

fn charge(bytes: usize) {
    if !ACTIVE.get() {
        return;
    }
    let held = HELD.get().saturating_add(bytes);
    HELD.set(held);
    if held > MEMORY_LIMIT {
        over(Over::Memory);
    }
    if DEADLINE.get().is_some_and(|d| Instant::now() > d) {
        over(Over::Time);
    }
}

fn refund(bytes: usize) {
    if ACTIVE.get() {
        HELD.set(HELD.get().saturating_sub(bytes));
    }
}

/// Which limit a render went past.
enum Over {
    Memory,
    Time,
}

/// Ends the process as `main` ends on a template error. Counting stops first, so the message
/// can be built (allocated) from inside the allocator.
#[cold]
fn over(why: Over) -> ! {
    ACTIVE.set(false);
    let message = match why {
        Over::Memory => format!(
            "needs more than {} MiB of memory to render; a template may use at most that",
            MEMORY_LIMIT >> 20
        ),
        Over::Time => format!(
            "takes longer than {} s to render; a template may take at most that",
            TIME_LIMIT.as_secs()
        ),
    };
    let error = Error::Template {
        location: Location {
            path: ORIGIN.with_borrow(|o| o.clone()),
            line: None,
        },
        message,
    };
    let mut text = format!(
        "error: {}\n",
        crate::text::term::one_line(&error.to_string())
    );
    if let Some(hint) = error.hint() {
        text.push_str(&format!("  hint: {hint}\n"));
    }
    use std::io::Write;
    let _ = std::io::stderr().write_all(text.as_bytes());
    std::process::exit(error.exit_code());
}

/// A render's budget, counting on this thread until dropped.
pub struct Budget(());

impl Budget {
    /// Starts counting this thread's allocations for a render of the template shown as `origin`.
    pub fn enter(origin: &str) -> Budget {
        ORIGIN.with_borrow_mut(|o| origin.clone_into(o));
        HELD.set(0);
        DEADLINE.set(Some(Instant::now() + TIME_LIMIT));
        ACTIVE.set(true);
        Budget(())
    }
}

impl Drop for Budget {
    fn drop(&mut self) {
        ACTIVE.set(false);
        DEADLINE.set(None);
    }
}
