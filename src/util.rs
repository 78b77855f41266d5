//! Small shared building blocks.

use std::sync::Mutex;

/// A bump arena whose allocations live as long as the arena's owner.
///
/// Image and class data are allocated here; the owner (an image, or a
/// dynamic method) outlives every reference handed out, which is what makes
/// the `'static` lifetime below sound for process-lifetime owners.
pub struct Arena(Mutex<bumpalo::Bump>);

impl Arena {
    pub fn new() -> Arena {
        Arena(Mutex::new(bumpalo::Bump::new()))
    }

    /// Moves `v` into the arena. Destructors of arena values never run, so
    /// only plain data (or data whose heap parts are owned elsewhere) goes here.
    pub fn alloc<T>(&self, v: T) -> &'static mut T {
        let bump = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let r: &mut T = bump.alloc(v);
        // SAFETY: bumpalo never moves or frees a chunk before the Bump is
        // dropped, and the arena's owner outlives every user of the value.
        unsafe { &mut *(r as *mut T) }
    }

    /// Copies a slice into the arena.
    pub fn alloc_slice<T: Copy>(&self, v: &[T]) -> &'static [T] {
        let bump = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let r: &mut [T] = bump.alloc_slice_copy(v);
        // SAFETY: as in `alloc`.
        unsafe { &*(r as *const [T]) }
    }

    /// Moves the elements of `v` into the arena.
    pub fn alloc_vec<T>(&self, v: Vec<T>) -> &'static [T] {
        let bump = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let r: &mut [T] = bump.alloc_slice_fill_iter(v);
        // SAFETY: as in `alloc`.
        unsafe { &*(r as *const [T]) }
    }

    /// Bytes allocated so far.
    pub fn allocated_bytes(&self) -> usize {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).allocated_bytes()
    }
}

/// A slice allocated in an arena, held by the structure the arena's owner
/// also owns (transformed code): it iterates and derefs like the boxed
/// slice an owner of its own memory would hold.
#[derive(Debug, Clone, Copy)]
pub struct ArenaSlice<T: 'static>(&'static [T]);

impl<T> ArenaSlice<T> {
    pub const EMPTY: ArenaSlice<T> = ArenaSlice(&[]);
}

impl<T> From<&'static [T]> for ArenaSlice<T> {
    fn from(s: &'static [T]) -> Self {
        ArenaSlice(s)
    }
}

impl<T> std::ops::Deref for ArenaSlice<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        self.0
    }
}

impl<'a, T> IntoIterator for &'a ArenaSlice<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl Default for Arena {
    fn default() -> Self {
        Arena::new()
    }
}
